import { describe, expect, it } from "vitest";
import { createChatDecoder, decodeJsonReply } from "./decode.ts";
import { ChatbaseError } from "./errors.ts";
import type { ChatEvent } from "./types.ts";

async function decode(version: "v1" | "v2", pieces: string[], contentType = "text/plain"): Promise<ChatEvent[]> {
  const decoder = createChatDecoder(version, contentType);
  const events: ChatEvent[] = [];
  for (const piece of pieces) events.push(...decoder.push(piece));
  events.push(...decoder.end());
  return events;
}

const textOf = (events: ChatEvent[]) => events.map((e) => (e.type === "text" ? e.text : "")).join("");

describe("v1", () => {
  it("passes raw text fragments through as they come", async () => {
    const events = await decode("v1", ["d", "ear ", "world"]);
    expect(events).toEqual([
      { type: "text", text: "dear " },
      { type: "text", text: "world" },
    ]);
  });

  it("keeps a reply shorter than the SSE prefix", async () => {
    expect(await decode("v1", ["da"])).toEqual([{ type: "text", text: "da" }]);
  });

  it("reads SSE when the body starts with data:, even split inside the prefix", async () => {
    const events = await decode("v1", ["da", "ta: Hello\n\ndata: {\"text\":\" there\"}\n", "\ndata: [DONE]\n\n", "data: ignored\n\n"]);
    expect(textOf(events)).toBe("Hello there");
  });

  it("reads SSE when the content type says so", async () => {
    const events = await decode("v1", [": comment\n", 'data: "quoted"\n\n'], "text/event-stream");
    expect(textOf(events)).toBe("quoted");
  });

  it("keeps a final SSE event that lacks its blank line", async () => {
    expect(textOf(await decode("v1", ["data: a\n\ndata: b"]))).toBe("ab");
  });
});

describe("v2", () => {
  const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

  it("emits text deltas and skips frames that are not JSON or carry nothing for the page", async () => {
    const events = await decode("v2", [
      frame({ type: "start" }),
      "data: not json\n\n",
      frame({ type: "text-delta", delta: "Hi" }),
      frame({ type: "start-step" }),
      frame({ type: "text-delta", delta: " there" }),
      "data: [DONE]\n\n",
    ]);
    expect(events).toEqual([
      { type: "text", text: "Hi" },
      { type: "text", text: " there" },
    ]);
  });

  it.each([
    ["flat on finish", { type: "finish", messageId: "m-meta" }],
    ["under metadata", { type: "finish", metadata: { messageId: "m-meta" } }],
    ["under messageMetadata", { type: "message-metadata", messageMetadata: { messageId: "m-meta" } }],
  ])("reads the assistant message id from start, then prefers the metadata's (%s)", async (_where, payload) => {
    const events = await decode("v2", [frame({ type: "start", messageId: "m-start" }), frame({ type: "text-delta", delta: "x" }), frame(payload)]);
    expect(events.filter((e) => e.type === "message")).toEqual([
      { type: "message", messageId: "m-start" },
      { type: "message", messageId: "m-meta" },
    ]);
  });

  it("keeps the metadata's message id over a later start", async () => {
    const events = await decode("v2", [frame({ type: "message-metadata", messageMetadata: { messageId: "m-meta" } }), frame({ type: "message-start", messageId: "m-other" })]);
    expect(events).toEqual([{ type: "message", messageId: "m-meta" }]);
  });

  it("turns tool parts into actions without breaking the text around them", async () => {
    const events = await decode("v2", [
      frame({ type: "text-delta", delta: "Let me check. " }),
      frame({ type: "tool-input-start", toolCallId: "t1", toolName: "Check order status" }),
      frame({ type: "tool-input-delta", toolCallId: "t1", inputTextDelta: "{}" }),
      frame({ type: "tool-input-available", toolCallId: "t1", toolName: "Check order status", input: {} }),
      frame({ type: "tool-output-available", toolCallId: "t1", output: { status: "shipped" } }),
      frame({ type: "tool-input-start", toolCallId: "t2" }),
      frame({ type: "tool-output-error", toolCallId: "t2", errorText: "nope" }),
      frame({ type: "text-delta", delta: "Shipped." }),
    ]);
    expect(events).toEqual([
      { type: "text", text: "Let me check. " },
      { type: "action", id: "t1", name: "Check order status", state: "running" },
      { type: "action", id: "t1", name: "Check order status", state: "running" },
      { type: "action", id: "t1", name: "Check order status", state: "done" },
      { type: "action", id: "t2", name: "an action", state: "running" },
      { type: "action", id: "t2", name: "an action", state: "failed" },
      { type: "text", text: "Shipped." },
    ]);
  });

  it("reports the finish reason once, wherever it sits", async () => {
    const events = await decode("v2", [
      frame({ type: "tool-call", toolCallId: "t1", toolName: "Open a ticket" }),
      frame({ type: "finish", finishReason: "tool-calls" }),
      frame({ type: "message-metadata", messageMetadata: { finishReason: "tool-calls" } }),
    ]);
    expect(events).toEqual([
      { type: "action", id: "t1", name: "Open a ticket", state: "running" },
      { type: "finish", finishReason: "tool-calls" },
    ]);
  });

  it.each([
    ["flat", { type: "finish", conversationId: "c-1" }],
    ["metadata", { type: "finish", metadata: { conversationId: "c-1" } }],
    ["messageMetadata", { type: "message-metadata", messageMetadata: { conversationId: "c-1" } }],
  ])("reads the conversation id from %s metadata, once", async (_where, payload) => {
    const events = await decode("v2", [frame({ type: "text-delta", delta: "x" }), frame(payload), frame(payload)]);
    expect(events).toEqual([
      { type: "text", text: "x" },
      { type: "conversation", conversationId: "c-1" },
    ]);
  });

  it("parses frames cut at any byte boundary", async () => {
    const body = [frame({ type: "text-delta", delta: "ab" }), "event: message\n", frame({ type: "text-delta", delta: "cd" })].join("");
    const pieces = body.match(/[\s\S]{1,3}/g)!;
    expect(textOf(await decode("v2", pieces))).toBe("abcd");
  });

  it("errors the stream on an error event", async () => {
    const attempt = decode("v2", [frame({ type: "text-delta", delta: "part" }), frame({ type: "error", errorText: "boom" })]);
    await expect(attempt).rejects.toBeInstanceOf(ChatbaseError);
    await expect(attempt).rejects.toMatchObject({ code: "upstream_error", message: expect.stringContaining("boom") });
  });
});

describe("decodeJsonReply", () => {
  it("reads a v1 reply", () => {
    expect(decodeJsonReply('{"text":"hello"}')).toEqual([{ type: "text", text: "hello" }]);
  });

  it("reads a v2 reply with its conversation id", () => {
    const body = JSON.stringify({
      data: { id: "m", role: "assistant", parts: [{ type: "text", text: "a" }, { type: "tool" }, { type: "text", text: "b" }], metadata: { conversationId: "c-9" } },
    });
    expect(decodeJsonReply(body)).toEqual([
      { type: "conversation", conversationId: "c-9" },
      { type: "message", messageId: "m" },
      { type: "text", text: "a" },
      { type: "text", text: "b" },
    ]);
  });

  it("refuses JSON with no reply in it", () => {
    expect(() => decodeJsonReply('{"ok":true}')).toThrow(ChatbaseError);
    expect(() => decodeJsonReply("<html>")).toThrow(ChatbaseError);
  });
});
