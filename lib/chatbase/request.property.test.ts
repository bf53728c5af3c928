import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatUrl, feedbackUrl, UnsafeIdError } from "./request.ts";

const base = "https://cb.example";

/** Ids an attacker would try first, mixed into arbitrary strings, including full Unicode. */
const id = fc.oneof(
  fc.constantFrom(".", "..", "%2e", "%2e%2e", ".%2e", "..%2f", "a/../b", "a\\..\\b", "?x", "#x", "", " ", "\t..", "\u3002"),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.stringMatching(/^[A-Za-z0-9._:%/\\-]{0,8}$/),
);

/** The path segments of a built URL, decoded, after the same resolution `fetch` applies. */
function segments(url: string): string[] {
  const parsed = new URL(url);
  expect(parsed.origin).toBe(base);
  expect(parsed.search).toBe("");
  expect(parsed.hash).toBe("");
  return parsed.pathname.split("/").slice(1).map(decodeURIComponent);
}

/** Either the builder refuses the ids, or every id lands whole in its own segment and the rest of the path is fixed. */
function expectPathHolds(build: () => string, expected: string[]): void {
  let url: string;
  try {
    url = build();
  } catch (error) {
    expect(error).toBeInstanceOf(UnsafeIdError);
    return;
  }
  expect(segments(url)).toEqual(expected);
}

describe("upstream URLs: no id can change the path", () => {
  it("feedback", () => {
    fc.assert(
      fc.property(id, id, id, (agent, conversation, message) => {
        const settings = { apiVersion: "v2" as const, baseUrl: base, chatbotId: agent };
        expectPathHolds(() => feedbackUrl(settings, conversation, message), [
          "api", "v2", "agents", agent, "conversations", conversation, "messages", message, "feedback",
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it("retry and chat", () => {
    fc.assert(
      fc.property(id, id, id, (agent, conversation, message) => {
        const settings = { apiVersion: "v2" as const, baseUrl: base, chatbotId: agent };
        const retrying = conversation !== "" && message !== "";
        expectPathHolds(
          () => chatUrl(settings, { conversationId: conversation, retryMessageId: message }),
          retrying ? ["api", "v2", "agents", agent, "conversations", conversation, "retry"] : ["api", "v2", "agents", agent, "chat"],
        );
        expectPathHolds(() => chatUrl(settings, { conversationId: conversation }), ["api", "v2", "agents", agent, "chat"]);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses every id that does not start with a letter or digit, whatever follows", () => {
    const settings = { apiVersion: "v2" as const, baseUrl: base, chatbotId: "agent1" };
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 1 }).filter((first) => !/^[A-Za-z0-9]$/.test(first)), fc.string(), (first, rest) => {
        expect(() => feedbackUrl(settings, first + rest, "m1")).toThrow(UnsafeIdError);
        expect(() => feedbackUrl(settings, "c1", first + rest)).toThrow(UnsafeIdError);
        expect(() => chatUrl(settings, { conversationId: first + rest, retryMessageId: "m1" })).toThrow(UnsafeIdError);
        expect(() => chatUrl({ ...settings, chatbotId: first + rest })).toThrow(UnsafeIdError);
      }),
    );
  });

  it("names the field it refuses", () => {
    const settings = { apiVersion: "v2" as const, baseUrl: base, chatbotId: "agent1" };
    expect(() => feedbackUrl(settings, "..", "m1")).toThrow("conversationId must start with a letter or digit.");
    expect(() => feedbackUrl(settings, "c1", ".")).toThrow("messageId must start with a letter or digit.");
    expect(() => chatUrl({ ...settings, chatbotId: ".." })).toThrow("CHATBASE_CHATBOT_ID must start with a letter or digit.");
  });
});
