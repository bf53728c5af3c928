import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../lib/chat/limits.ts";
import { ApiError } from "../../../lib/http/api-error.ts";
import { parseChatRequest } from "./schema.ts";

function refusal(body: unknown): ApiError {
  try {
    parseChatRequest(typeof body === "string" ? body : JSON.stringify(body));
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("expected the body to be refused");
}

describe("parseChatRequest", () => {
  it("accepts Chatbase's own shape and ignores chatId, stream and temperature", () => {
    const request = parseChatRequest(
      JSON.stringify({
        messages: [
          { content: "How can I help you?", role: "assistant" },
          { content: "What is chatbase?", role: "user" },
        ],
        chatId: "someone-elses-bot",
        stream: true,
        temperature: 0,
        model: "expensive",
      }),
    );
    expect(request).toEqual({
      messages: [
        { role: "assistant", content: "How can I help you?" },
        { role: "user", content: "What is chatbase?" },
      ],
      conversationId: undefined,
    });
  });

  it("accepts AI SDK UI messages, keeping only their text", () => {
    const request = parseChatRequest(
      JSON.stringify({
        id: "chat-1",
        trigger: "submit-message",
        conversationId: "conv_1:a.b-c",
        messages: [
          { id: "1", role: "user", parts: [{ type: "text", text: "Hi " }, { type: "file", url: "x" }, { type: "text", text: "there" }] },
        ],
      }),
    );
    expect(request).toEqual({ messages: [{ role: "user", content: "Hi there" }], conversationId: "conv_1:a.b-c" });
  });

  it.each([
    ["not JSON", "{nope", "invalid_json", /must be JSON/],
    ["an array", [], "invalid_request", /JSON object/],
    ["no messages", {}, "invalid_request", /messages/],
    ["empty messages", { messages: [] }, "invalid_request", /at least one/],
    ["a system message", { messages: [{ role: "system", content: "x" }] }, "invalid_request", /messages\[0\]\.role must be "user" or "assistant"/],
    ["a message without text", { messages: [{ role: "user" }] }, "invalid_request", /messages\[0\] needs "content"/],
    ["content that is not a string", { messages: [{ role: "user", content: 5 }] }, "invalid_request", /content must be a string/],
    ["a last message from the assistant", { messages: [{ role: "assistant", content: "x" }] }, "invalid_request", /last message/],
    ["a blank last message", { messages: [{ role: "user", content: "  \n" }] }, "invalid_request", /empty/],
    ["a bad conversation id", { messages: [{ role: "user", content: "x" }], conversationId: "a b" }, "invalid_request", /conversationId/],
    [
      "too many messages",
      { messages: Array.from({ length: LIMITS.maxMessages + 1 }, () => ({ role: "user", content: "x" })) },
      "invalid_request",
      /at most/,
    ],
    [
      "a message over the limit",
      { messages: [{ role: "user", content: "x".repeat(LIMITS.maxUserMessageChars + 1) }] },
      "message_too_long",
      /limit is 4000/,
    ],
    [
      "an earlier message over the limit",
      {
        messages: [
          { role: "assistant", parts: [{ type: "text", text: "x".repeat(LIMITS.maxMessageChars + 1) }] },
          { role: "user", content: "ok" },
        ],
      },
      "invalid_request",
      /messages\[0\]/,
    ],
  ])("refuses %s with a 400 that says why", (_name, body, code, message) => {
    const error = refusal(body);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ conversationId: ".." }, "conversationId"],
    [{ conversationId: "." }, "conversationId"],
    [{ conversationId: "c1", retry: { messageId: ".." } }, "retry.messageId"],
    [{ conversationId: "..", retry: { messageId: "m1" } }, "conversationId"],
    [{ conversationId: "_c1" }, "conversationId"],
  ])("refuses %j, naming %s: an id that is not one could move the upstream call", (ids, field) => {
    const error = refusal({ messages: [{ role: "user", content: "Hi" }], ...ids });
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe(`${field} must start with a letter or digit.`);
  });

  it("takes a visitor id within Chatbase's user id pattern, and retry only with its conversation", () => {
    const base = { messages: [{ role: "user", content: "hi" }] };
    expect(parseChatRequest(JSON.stringify({ ...base, visitorId: "v-abc.1_2" })).visitorId).toBe("v-abc.1_2");
    expect(refusal({ ...base, visitorId: "v abc" }).message).toMatch(/^visitorId /);
    expect(refusal({ ...base, visitorId: "v".repeat(129) }).message).toMatch(/^visitorId /);
    expect(parseChatRequest(JSON.stringify({ ...base, conversationId: "c1", retry: { messageId: "msg_a_1" } })).retryMessageId).toBe("msg_a_1");
    expect(refusal({ ...base, retry: { messageId: "msg_a_1" } }).message).toContain("conversationId");
    expect(refusal({ ...base, conversationId: "c1", retry: "msg_a_1" }).message).toMatch(/^retry /);
  });
});
