import { describe, expect, it } from "vitest";
import { chatRequestBody, chatUrl, feedbackUrl } from "./request.ts";

const v2 = { apiVersion: "v2" as const, baseUrl: "https://cb.example", chatbotId: "agent 1" };
const v1 = { ...v2, apiVersion: "v1" as const };
const messages = [{ role: "user" as const, content: "Hi" }];

describe("v2 requests", () => {
  it("sends the visitor's id only when a conversation starts, and only when it fits Chatbase's pattern", () => {
    expect(JSON.parse(chatRequestBody(v2, { messages, userId: "v-abc" }))).toEqual({ message: "Hi", stream: true, userId: "v-abc" });
    expect(JSON.parse(chatRequestBody(v2, { messages, userId: "v-abc", conversationId: "c1" }))).toEqual({ message: "Hi", stream: true, conversationId: "c1" });
    expect(JSON.parse(chatRequestBody(v2, { messages, userId: "no spaces" }))).toEqual({ message: "Hi", stream: true });
  });

  it("regenerates through the conversation's retry endpoint with the assistant message id", () => {
    const input = { messages, conversationId: "c/1", retryMessageId: "m1" };
    expect(chatUrl(v2, input)).toBe("https://cb.example/api/v2/agents/agent%201/conversations/c%2F1/retry");
    expect(JSON.parse(chatRequestBody(v2, input))).toEqual({ messageId: "m1", stream: true });
    expect(chatUrl(v2, { retryMessageId: "m1" })).toBe("https://cb.example/api/v2/agents/agent%201/chat");
  });

  it("addresses feedback to the message inside its conversation", () => {
    expect(feedbackUrl(v2, "c1", "m/1")).toBe("https://cb.example/api/v2/agents/agent%201/conversations/c1/messages/m%2F1/feedback");
  });
});

describe("v1 requests", () => {
  it("ignores retry and visitor ids: v1 regenerates by sending the history again", () => {
    const input = { messages, conversationId: "c1", retryMessageId: "m1", userId: "v-abc" };
    expect(chatUrl(v1, input)).toBe("https://cb.example/api/v1/chat");
    expect(JSON.parse(chatRequestBody(v1, input))).toEqual({ messages, chatbotId: "agent 1", stream: true, conversationId: "c1" });
  });
});
