import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/http/api-error.ts";
import { parseFeedbackRequest } from "./schema.ts";

function refusal(body: unknown): ApiError {
  try {
    parseFeedbackRequest(typeof body === "string" ? body : JSON.stringify(body));
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("expected the body to be refused");
}

describe("parseFeedbackRequest", () => {
  it.each(["positive", "negative", null])("accepts %s", (feedback) => {
    expect(parseFeedbackRequest(JSON.stringify({ conversationId: "conv_1", messageId: "msg_a_1", feedback }))).toEqual({
      conversationId: "conv_1",
      messageId: "msg_a_1",
      feedback,
    });
  });

  it.each([
    ["..", "..", "conversationId"],
    ["c1", ".", "messageId"],
    ["c1", "..", "messageId"],
    [".", "m1", "conversationId"],
    ["-x", "m1", "conversationId"],
    ["c1", ":m", "messageId"],
  ])("refuses the id pair %j / %j as a bad %s: a dot segment would move the upstream call", (conversationId, messageId, field) => {
    const error = refusal({ conversationId, messageId, feedback: "positive" });
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe(`${field} must start with a letter or digit.`);
  });

  it("refuses what Chatbase would, naming the field", () => {
    expect(refusal("{").code).toBe("invalid_json");
    expect(refusal([]).message).toContain("JSON object");
    expect(refusal({ conversationId: "c", messageId: "m" }).message).toMatch(/^feedback /);
    expect(refusal({ conversationId: "c", messageId: "m", feedback: "great" }).message).toContain('"positive", "negative" or null');
    expect(refusal({ conversationId: "c/../x", messageId: "m", feedback: null }).message).toMatch(/^conversationId /);
    expect(refusal({ conversationId: "c", messageId: "", feedback: null }).message).toMatch(/^messageId /);
    expect(refusal({ conversationId: "c", messageId: "m", feedback: null, note: "x" }).code).toBe("invalid_request");
  });
});
