import { expect, test } from "@playwright/test";
import { demoReply } from "../lib/chatbase/demo-reply";
import { ask, expectNoKey, postChat, sseEvents, standinRequests, uiText, unique } from "./support/http";
import { appUrl, STANDIN_URL, TEST_API_KEY, TEST_CHATBOT_ID, type AppName } from "./support/servers";

const SSE = { Accept: "text/event-stream" };

function postFeedback(app: AppName, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${appUrl(app)}/api/feedback`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** One v2 turn through /api/chat as the page makes it; returns the ids the reply's metadata carried. */
async function turn(body: Record<string, unknown>) {
  const response = await postChat("v2", body, SSE);
  expect(response.status).toBe(200);
  const text = await response.text();
  expectNoKey(response, text);
  const events = sseEvents(text);
  const metadata = Object.assign({}, ...events.map((e) => (e.messageMetadata as Record<string, string>) ?? {})) as Record<string, string>;
  return { events, text: uiText(events), conversationId: metadata.conversationId, messageId: metadata.messageId };
}

test.describe("v2 over HTTP against the stand-in", () => {
  test("a reply carries Chatbase's assistant message id as metadata, and the visitor id starts the conversation", async () => {
    const marker = unique("ids");
    const first = await turn({ ...ask(`hello ${marker}`), visitorId: "v-e2e.visitor_1" });
    expect(first.conversationId).toBeTruthy();
    expect(first.messageId).toMatch(/^msg_a_/);
    const second = await turn({ ...ask(`again ${marker}`), conversationId: first.conversationId, visitorId: "v-e2e.visitor_1" });
    expect(second.messageId).not.toBe(first.messageId);
    const sent = (await standinRequests(marker)).map((r) => r.body);
    expect(sent).toEqual([
      { message: `hello ${marker}`, stream: true, userId: "v-e2e.visitor_1" },
      { message: `again ${marker}`, stream: true, conversationId: first.conversationId },
    ]);
  });

  test("a visitor id outside Chatbase's pattern is refused with 400", async () => {
    for (const visitorId of ["has space", "x".repeat(129), "", "v/../x"]) {
      const response = await postChat("v2", { ...ask("hi"), visitorId });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining("visitorId"),
      });
    }
  });

  test("retry regenerates through Chatbase's retry endpoint, streamed like a chat reply", async () => {
    const question = `what is this ${unique("retry")}`;
    const first = await turn(ask(question));
    const again = await turn({ ...ask(question), conversationId: first.conversationId, retry: { messageId: first.messageId } });
    expect(again.text).toBe(`${demoReply(question, 1)}\n\n(Regenerated answer.)`);
    expect(again.messageId).not.toBe(first.messageId);
    expect(again.events.map((e) => e.type)).toEqual(expect.arrayContaining(["start", "text-start", "text-delta", "text-end", "finish"]));

    const stale = await postChat("v2", { ...ask(question), conversationId: first.conversationId, retry: { messageId: first.messageId } });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("retry_unavailable");

    const noConversation = await postChat("v2", { ...ask(question), retry: { messageId: first.messageId } });
    expect(noConversation.status).toBe(400);
  });

  test("v1 ignores retry and answers from the history it is sent", async () => {
    const question = `v1 retry ${unique("v1")}`;
    const response = await postChat("v1", { ...ask(question), conversationId: "web-x", retry: { messageId: "msg_a_x" } }, SSE);
    expect(response.status).toBe(200);
    expect(uiText(sseEvents(await response.text()))).toBe(demoReply(question, 1));
  });

  test.describe("error codes", () => {
    const cases: [string, string, number, string, boolean][] = [
      ["ended", "[[status=400 code=CHAT_CONVERSATION_NOT_ONGOING]]", 409, "conversation_ended", true],
      ["taken over (undocumented status)", "[[status=409 code=CHAT_CONVERSATION_NOT_ONGOING]]", 409, "conversation_ended", true],
      ["another agent's conversation", "[[status=403 code=CHAT_CONVERSATION_MISMATCH]]", 409, "conversation_ended", true],
      ["a stored conversation Chatbase no longer knows", "[[status=404 code=RESOURCE_CONVERSATION_NOT_FOUND]]", 409, "conversation_ended", true],
      ["maintenance", "[[status=503 retryAfter=120]]", 503, "upstream_maintenance", true],
      ["the agent's own credit cap", "[[status=402 code=CHAT_AGENT_CREDITS_EXHAUSTED]]", 502, "upstream_credits_exhausted", false],
      ["an unknown agent, even with a stored conversation", "[[status=404]]", 502, "upstream_not_found", true],
    ];
    for (const [what, directive, status, code, stored] of cases) {
      test(`${what}: ${status} ${code}`, async () => {
        const response = await postChat("v2", { ...ask(directive), ...(stored ? { conversationId: "conv_stored" } : {}) });
        expect(response.status).toBe(status);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(code);
        expect(body.error.message).not.toMatch(/CHAT_|RESOURCE_|Chatbase answered/);
        if (code === "upstream_maintenance") {
          expect(response.headers.get("retry-after")).toBe("120");
          expect(body.error.message).toContain("under maintenance");
        }
      });
    }
  });

  test("actions stream as data parts without breaking the text; a client action ends with tool-calls", async () => {
    const served = await turn(ask(`[[action=server]] where is my order ${unique("act")}`));
    const actions = served.events.filter((e) => e.type === "data-action").map((e) => e.data);
    expect(actions.at(-1)).toEqual({ name: "Check order status", state: "done" });
    expect(served.text).toContain("This page is a self-hosted chat window");

    const waiting = await turn(ask(`[[action=client]] ${unique("client")}`));
    expect(waiting.text).toBe("");
    expect(waiting.events.filter((e) => e.type === "data-action").at(-1)?.data).toEqual({ name: "Open support ticket", state: "unsupported" });
    expect(waiting.events.at(-1)).toEqual({ type: "finish", finishReason: "tool-calls", messageMetadata: { finishReason: "tool-calls" } });
  });

  test("an empty reply finishes cleanly with no text", async () => {
    const empty = await turn(ask(`[[empty]] ${unique("empty")}`));
    expect(empty.text).toBe("");
    expect(empty.events.at(-1)).toEqual({ type: "finish", finishReason: "stop" });
  });
});

test.describe("POST /api/feedback", () => {
  test("records, changes and clears feedback on a reply, as Chatbase's PATCH", async () => {
    const { conversationId, messageId } = await turn(ask(`rate this ${unique("fb")}`));
    for (const feedback of ["positive", "negative", null]) {
      const response = await postFeedback("v2", { conversationId, messageId, feedback });
      expect(response.status).toBe(200);
      const text = await response.text();
      expectNoKey(response, text);
      expect(JSON.parse(text)).toEqual({ messageId, feedback });
    }
    const all = (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as { method: string; path: string; body: unknown }[];
    const calls = all.filter((r) => r.path.endsWith(`/messages/${messageId}/feedback`));
    expect(calls.map((r) => [r.method, r.body])).toEqual([
      ["PATCH", { feedback: "positive" }],
      ["PATCH", { feedback: "negative" }],
      ["PATCH", { feedback: null }],
    ]);
    expect(calls[0].path).toBe(`/api/v2/agents/e2e-bot/conversations/${conversationId}/messages/${messageId}/feedback`);
  });

  test("refuses bad bodies with 400 and says which field is wrong", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "invalid_json"],
      [[], "invalid_request"],
      [{ conversationId: "c", messageId: "m" }, "invalid_request"],
      [{ conversationId: "c", messageId: "m", feedback: "meh" }, "invalid_request"],
      [{ conversationId: "c d", messageId: "m", feedback: null }, "invalid_request"],
      [{ conversationId: "c", messageId: "m", feedback: null, extra: 1 }, "invalid_request"],
    ];
    for (const [body, code] of cases) {
      const response = await postFeedback("v2", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const big = await postFeedback("v2", { conversationId: "c", messageId: "m", feedback: null, pad: "x".repeat(5_000) });
    expect(big.status).toBe(413);
  });

  test("a message Chatbase does not know is 404, and a visitor message 422", async () => {
    const { conversationId } = await turn(ask(`unknown ${unique("fb404")}`));
    const unknown = await postFeedback("v2", { conversationId, messageId: "msg_nope", feedback: "positive" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("message_not_found");

    // The page's stream does not carry the visitor message's id; ask the stand-in directly for one.
    const direct = await fetch(`${STANDIN_URL}/api/v2/agents/${TEST_CHATBOT_ID}/chat`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ message: `user message ${unique("fb422")}`, stream: false }),
    });
    const { data } = (await direct.json()) as { data: { metadata: { conversationId: string; userMessageId: string } } };
    const visitorMessage = await postFeedback("v2", { conversationId: data.metadata.conversationId, messageId: data.metadata.userMessageId, feedback: "positive" });
    expect(visitorMessage.status).toBe(422);
    expect(((await visitorMessage.json()) as { error: { code: string } }).error.code).toBe("feedback_not_accepted");
  });

  test("Chatbase failing turns into a JSON error, never a 500 without a body", async () => {
    const { conversationId, messageId } = await turn(ask(`[[feedbackStatus=500]] ${unique("fb500")}`));
    const response = await postFeedback("v2", { conversationId, messageId, feedback: "negative" });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("upstream_error");
  });

  test("v1 has no feedback API: 409 feedback_unavailable", async () => {
    const response = await postFeedback("v1", { conversationId: "web-1", messageId: "m", feedback: "positive" });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("feedback_unavailable");
  });

  test("is guarded like /api/chat: a foreign origin is refused", async () => {
    const response = await postFeedback("v2", { conversationId: "c", messageId: "m", feedback: null }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden_origin");
  });

});
