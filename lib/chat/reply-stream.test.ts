import type { UIMessageChunk } from "ai";
import { describe, expect, it } from "vitest";
import type { ChatReply } from "../chatbase/client.ts";
import { ChatbaseError } from "../chatbase/errors.ts";
import type { ChatEvent } from "../chatbase/types.ts";
import { plainTextBody, uiMessageChunks } from "./reply-stream.ts";

function reply(events: ChatEvent[], failure?: ChatbaseError, conversationId?: string): ChatReply & { cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  return {
    conversationId,
    cancelled: () => cancelled,
    async next() {
      if (index < events.length) return [events[index++]];
      if (failure) throw failure;
      return null;
    },
    async cancel() {
      cancelled = true;
    },
  };
}

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

const text = (t: string): ChatEvent => ({ type: "text", text: t });
const interrupted = () => new ChatbaseError("upstream_interrupted", "socket hang up");

describe("uiMessageChunks", () => {
  it("streams deltas, the conversation id as metadata, then finishes", async () => {
    const chunks = await readAll(
      uiMessageChunks(reply([text("Hi"), { type: "conversation", conversationId: "c-2" }, text(" there")], undefined, "c-1"), () => {}),
    );
    expect(chunks).toEqual<UIMessageChunk[]>([
      { type: "start", messageMetadata: { conversationId: "c-1" } },
      { type: "text-start", id: "reply" },
      { type: "text-delta", id: "reply", delta: "Hi" },
      { type: "message-metadata", messageMetadata: { conversationId: "c-2" } },
      { type: "text-delta", id: "reply", delta: " there" },
      { type: "text-end", id: "reply" },
      { type: "finish", finishReason: "stop" },
    ]);
  });

  it("names the reply in its first chunk when given an id", async () => {
    const chunks = await readAll(uiMessageChunks(reply([text("Hi")]), () => {}, undefined, "r-1"));
    expect(chunks[0]).toEqual<UIMessageChunk>({ type: "start", messageId: "r-1" });
  });

  it("passes on Chatbase's message id as metadata and its actions as data parts", async () => {
    const chunks = await readAll(
      uiMessageChunks(
        reply([
          { type: "action", id: "t1", name: "Check order status", state: "running" },
          { type: "action", id: "t1", name: "Check order status", state: "done" },
          text("Shipped."),
          { type: "message", messageId: "msg_a_1" },
          { type: "finish", finishReason: "stop" },
        ]),
        () => {},
      ),
    );
    expect(chunks).toEqual<UIMessageChunk[]>([
      { type: "start" },
      { type: "data-action", id: "t1", data: { name: "Check order status", state: "running" } },
      { type: "data-action", id: "t1", data: { name: "Check order status", state: "done" } },
      { type: "text-start", id: "reply" },
      { type: "text-delta", id: "reply", delta: "Shipped." },
      { type: "message-metadata", messageMetadata: { messageId: "msg_a_1" } },
      { type: "text-end", id: "reply" },
      { type: "finish", finishReason: "stop" },
    ]);
  });

  it("marks an action the reply stopped for as one the page cannot run, and says why it finished", async () => {
    const chunks = await readAll(
      uiMessageChunks(
        reply([{ type: "action", id: "t9", name: "Open support ticket", state: "running" }, { type: "finish", finishReason: "tool-calls" }]),
        () => {},
      ),
    );
    expect(chunks.slice(-2)).toEqual<UIMessageChunk[]>([
      { type: "data-action", id: "t9", data: { name: "Open support ticket", state: "unsupported" } },
      { type: "finish", finishReason: "tool-calls", messageMetadata: { finishReason: "tool-calls" } },
    ]);
  });

  it("reports a finish reason the AI SDK does not know as other", async () => {
    const chunks = await readAll(uiMessageChunks(reply([text("a"), { type: "finish", finishReason: "paused" }]), () => {}));
    expect(chunks.at(-1)).toEqual({ type: "finish", finishReason: "other" });
  });

  it("ends a reply that fails part-way with an error a visitor can read, and reports it", async () => {
    const reported: ChatbaseError[] = [];
    const chunks = await readAll(uiMessageChunks(reply([text("Hi")], interrupted()), (e) => reported.push(e)));
    expect(chunks.slice(-2)).toEqual([
      { type: "text-end", id: "reply" },
      { type: "error", errorText: "The reply was interrupted. Please try again." },
    ]);
    expect(chunks.some((c) => c.type === "finish")).toBe(false);
    expect(reported.map((e) => e.code)).toEqual(["upstream_interrupted"]);
  });

  it("cancels the reply when the client goes away", async () => {
    const source = reply([text("a"), text("b"), text("c")]);
    const reader = uiMessageChunks(source, () => {}).getReader();
    await reader.read();
    await reader.cancel();
    expect(source.cancelled()).toBe(true);
  });
});

describe("plainTextBody", () => {
  it("writes each piece of text as its own UTF-8 chunk", async () => {
    const chunks = await readAll(plainTextBody(reply([text("Grüße"), { type: "conversation", conversationId: "x" }, text(" 👋")]), () => {}));
    expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(["Grüße", " 👋"]);
  });

  it("errors the body when the reply fails part-way, so the response ends abnormally", async () => {
    const reported: ChatbaseError[] = [];
    const reader = plainTextBody(reply([text("partial")], interrupted()), (e) => reported.push(e)).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("partial");
    await expect(reader.read()).rejects.toBeInstanceOf(ChatbaseError);
    expect(reported).toHaveLength(1);
  });
});
