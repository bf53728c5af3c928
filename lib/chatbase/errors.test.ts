import { describe, expect, it } from "vitest";
import { errorFromResponse, parseRetryAfter } from "./errors.ts";

const v2 = (status: number, code?: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code, message: `failed with ${code ?? status}` } }), { status, headers });

describe("errorFromResponse", () => {
  it.each([
    [400, "CHAT_CONVERSATION_NOT_ONGOING", "conversation_ended", 409],
    [409, "CHAT_CONVERSATION_NOT_ONGOING", "conversation_ended", 409],
    [403, "CHAT_CONVERSATION_MISMATCH", "conversation_ended", 409],
    [402, "CHAT_CREDITS_EXHAUSTED", "upstream_credits_exhausted", 502],
    [402, "CHAT_AGENT_CREDITS_EXHAUSTED", "upstream_credits_exhausted", 502],
    [429, "CHAT_AGENT_CREDITS_EXHAUSTED", "upstream_credits_exhausted", 502],
    [503, "SERVICE_UNDER_MAINTENANCE", "upstream_maintenance", 503],
    [404, "CHAT_RETRY_MESSAGE_NOT_FOUND", "retry_unavailable", 409],
    [400, "CHAT_RETRY_NO_USER_MESSAGE", "retry_unavailable", 409],
    [404, "RESOURCE_MESSAGE_NOT_FOUND", "message_not_found", 404],
    [422, "RESOURCE_MESSAGE_NOT_ASSISTANT", "feedback_not_accepted", 422],
    [418, "SOMETHING_NEW", "upstream_error", 502],
  ])("maps %i %s to %s (%i), whatever the status", async (status, code, ours, ourStatus) => {
    const error = await errorFromResponse(v2(status, code));
    expect(error).toMatchObject({ code: ours, status: ourStatus, upstreamStatus: status });
    expect(error.message).toContain(code);
  });

  it("reads a 404 for a stored v2 conversation as an ended conversation, but not one for the agent", async () => {
    expect((await errorFromResponse(v2(404, "RESOURCE_CONVERSATION_NOT_FOUND"), { storedConversation: true })).code).toBe("conversation_ended");
    expect((await errorFromResponse(v2(404), { storedConversation: true })).code).toBe("conversation_ended");
    expect((await errorFromResponse(v2(404, "AGENT_NOT_FOUND"), { storedConversation: true })).code).toBe("upstream_not_found");
    expect((await errorFromResponse(v2(404, "RESOURCE_CONVERSATION_NOT_FOUND"))).code).toBe("upstream_not_found");
  });

  it("passes on Retry-After for maintenance as for a rate limit, and only for those", async () => {
    expect(await errorFromResponse(v2(503, "SERVICE_UNDER_MAINTENANCE", { "Retry-After": "120" }))).toMatchObject({ retryAfterSeconds: 120 });
    expect(await errorFromResponse(v2(429, undefined, { "Retry-After": "7" }))).toMatchObject({ retryAfterSeconds: 7 });
    expect(await errorFromResponse(v2(500, undefined, { "Retry-After": "7" }))).toMatchObject({ retryAfterSeconds: undefined });
  });

  it("keeps a plain 503 without Chatbase's code a generic upstream error", async () => {
    expect(await errorFromResponse(new Response("Service Unavailable", { status: 503 }))).toMatchObject({ code: "upstream_error", status: 502 });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
