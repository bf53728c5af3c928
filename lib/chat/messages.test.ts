import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits.ts";
import { conversationIdOf, messagesForRequest, type ChatMessage } from "./messages.ts";

const message = (id: string, role: "user" | "assistant", text: string, metadata?: ChatMessage["metadata"]): ChatMessage => ({
  id,
  role,
  parts: [{ type: "text", text }],
  metadata,
});

describe("messagesForRequest", () => {
  it("sends text only, oldest first, dropping empty replies", () => {
    const messages: UIMessage[] = [
      message("1", "user", "hi"),
      { id: "2", role: "assistant", parts: [] },
      { id: "3", role: "assistant", parts: [{ type: "step-start" }, { type: "text", text: "hello" }] },
      message("4", "user", "more"),
    ];
    expect(messagesForRequest(messages)).toEqual([
      { id: "1", role: "user", parts: [{ type: "text", text: "hi" }] },
      { id: "3", role: "assistant", parts: [{ type: "text", text: "hello" }] },
      { id: "4", role: "user", parts: [{ type: "text", text: "more" }] },
    ]);
  });

  it("keeps the newest messages when a conversation outgrows the server's bounds", () => {
    const long = Array.from({ length: 250 }, (_, i) => message(String(i), i % 2 ? "assistant" : "user", "x".repeat(10_000)));
    const sent = messagesForRequest(long);
    expect(sent.length).toBeLessThanOrEqual(LIMITS.maxMessages);
    expect(sent.at(-1)?.id).toBe("249");
    expect(new TextEncoder().encode(JSON.stringify({ messages: sent })).byteLength).toBeLessThan(LIMITS.maxBodyBytes);
  });
});

describe("conversationIdOf", () => {
  it("prefers the newest id a reply carried, else the page's own", () => {
    expect(conversationIdOf([message("1", "user", "a")], "web-1")).toBe("web-1");
    const messages = [message("1", "assistant", "a", { conversationId: "old" }), message("2", "assistant", "b", { conversationId: "new" })];
    expect(conversationIdOf(messages, "web-1")).toBe("new");
  });
});
