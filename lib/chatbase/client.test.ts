import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiVersion, ChatbaseSettings } from "../config/index.ts";
import { openChatStream, type ChatReply } from "./client.ts";
import { demoFetch } from "./demo.ts";
import { ChatbaseError } from "./errors.ts";
import { sendFeedback } from "./feedback.ts";
import { MULTIBYTE_SAMPLE } from "./standin/handler.ts";
import { demoReply } from "./demo-reply.ts";
import { fillerText } from "./standin/reply.ts";
import { startStandin, type RunningStandin } from "./standin/server.ts";
import type { ChatEvent } from "./types.ts";

const KEY = "sk-unit-test-key";
const BOT = "bot-unit";
let standin: RunningStandin;

beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY, chatbotId: BOT });
});
afterAll(async () => {
  await standin.close();
});

function settings(apiVersion: ApiVersion, overrides: Partial<ChatbaseSettings> = {}): ChatbaseSettings {
  return { apiKey: KEY, chatbotId: BOT, apiVersion, baseUrl: standin.url, timeoutMs: 2_000, ...overrides };
}

async function collect(reply: ChatReply): Promise<{ text: string; events: ChatEvent[] }> {
  const events: ChatEvent[] = [];
  for (let batch = await reply.next(); batch !== null; batch = await reply.next()) events.push(...batch);
  return { text: events.map((e) => (e.type === "text" ? e.text : "")).join(""), events };
}

async function failure(promise: Promise<unknown>): Promise<ChatbaseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChatbaseError);
    return error as ChatbaseError;
  }
  throw new Error("expected a ChatbaseError");
}

const ask = (content: string) => [{ role: "user" as const, content }];

describe.each(["v1", "v2"] as const)("%s", (version) => {
  it("streams the stand-in's reply in pieces", async () => {
    const reply = await openChatStream(settings(version), { messages: ask("[[delay=5]] how do I deploy?") });
    const { text, events } = await collect(reply);
    expect(text).toBe(demoReply("how do I deploy?", 1));
    expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(10);
  });

  it("keeps multi-byte characters whole when every byte arrives alone", async () => {
    const reply = await openChatStream(settings(version), { messages: ask("[[reply=multibyte chunkBytes=1]]") });
    expect((await collect(reply)).text).toBe(MULTIBYTE_SAMPLE);
  });

  it("reads a non-streamed JSON answer", async () => {
    const reply = await openChatStream(settings(version), { messages: ask("[[reply=echo json]] plain json") });
    expect((await collect(reply)).text).toBe("plain json");
  });

  it("streams a very long reply intact", async () => {
    const reply = await openChatStream(settings(version), { messages: ask("[[words=20000]]") });
    expect((await collect(reply)).text).toBe(fillerText(20_000));
  });

  const statuses: [number, string, number][] = [
    [400, "upstream_bad_request", 502],
    [401, "upstream_unauthorized", 502],
    [403, version === "v1" ? "upstream_credits_exhausted" : "upstream_forbidden", 502],
    [404, "upstream_not_found", 502],
    ...(version === "v2" ? [[402, "upstream_credits_exhausted", 502] as [number, string, number]] : []),
    [500, "upstream_error", 502],
    // Only v2 names maintenance (SERVICE_UNDER_MAINTENANCE); a bare 503 may be any proxy's.
    [503, version === "v2" ? "upstream_maintenance" : "upstream_error", version === "v2" ? 503 : 502],
  ];
  it.each(statuses)("maps an upstream %i to %s (%i)", async (status, code, ourStatus) => {
    const error = await failure(openChatStream(settings(version), { messages: ask(`[[status=${status}]]`) }));
    expect(error).toMatchObject({ code, status: ourStatus, upstreamStatus: status });
    expect(error.message).toContain(String(status));
    expect(error.message).not.toContain(KEY);
  });

  it("passes on a rate limit with its Retry-After", async () => {
    const error = await failure(openChatStream(settings(version), { messages: ask("[[status=429 retryAfter=7]]") }));
    expect(error).toMatchObject({ code: "rate_limited", status: 429, retryAfterSeconds: 7 });
  });

  it("reports a wrong key as unauthorized and an unknown chatbot as not found", async () => {
    const badKey = await failure(openChatStream(settings(version, { apiKey: "wrong" }), { messages: ask("hi") }));
    expect(badKey.code).toBe("upstream_unauthorized");
    const badBot = await failure(openChatStream(settings(version, { chatbotId: "nobody" }), { messages: ask("hi") }));
    expect(badBot.code).toBe("upstream_not_found");
  });

  it("times out when the first byte does not come", async () => {
    const started = Date.now();
    const error = await failure(
      openChatStream(settings(version, { timeoutMs: 300 }), { messages: ask(`[[firstByteDelay=5000]] slow-first-${version}`) }),
    );
    expect(error).toMatchObject({ code: "upstream_timeout", status: 504 });
    expect(Date.now() - started).toBeLessThan(2_000);
    const closed = await standin.closed(`slow-first-${version}`);
    expect(closed.completed).toBe(false);
  });

  it("errors the stream when Chatbase stalls mid-reply", async () => {
    const reply = await openChatStream(settings(version, { timeoutMs: 300 }), { messages: ask(`[[stallAfter=4]] stall-mid-${version}`) });
    const error = await failure(collect(reply));
    expect(error.code).toBe("upstream_timeout");
    await standin.closed(`stall-mid-${version}`);
  });

  it("errors the stream when the connection resets mid-reply", async () => {
    const reply = await openChatStream(settings(version), { messages: ask("[[delay=20 resetAfter=4]]") });
    expect((await failure(collect(reply))).code).toBe("upstream_interrupted");
  });

  it("fails before the reply when the connection resets at once", async () => {
    const error = await failure(openChatStream(settings(version), { messages: ask("[[resetAfter=0]]") }));
    expect(error.code).toBe("upstream_interrupted");
  });

  it("aborts the upstream request at once when the caller goes away", async () => {
    const caller = new AbortController();
    const reply = await openChatStream(settings(version), {
      messages: ask(`[[delay=50 words=500]] abort-by-signal-${version}`),
      signal: caller.signal,
    });
    await reply.next();
    const abortedAt = Date.now();
    caller.abort();
    const closed = await standin.closed(`abort-by-signal-${version}`);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - abortedAt).toBeLessThan(1_000);
  });

  it("aborts the upstream request when the reply is cancelled", async () => {
    const reply = await openChatStream(settings(version), { messages: ask(`[[delay=50 words=500]] abort-by-cancel-${version}`) });
    await reply.next();
    const cancelledAt = Date.now();
    await reply.cancel();
    const closed = await standin.closed(`abort-by-cancel-${version}`);
    expect(closed.closedAt! - cancelledAt).toBeLessThan(1_000);
  });
});

describe("requests sent to Chatbase", () => {
  it("v1 carries the whole history, the chatbot id, stream and the conversation id", async () => {
    const messages = [
      { role: "user" as const, content: "first v1-shape" },
      { role: "assistant" as const, content: "answer" },
      { role: "user" as const, content: "second" },
    ];
    await collect(await openChatStream(settings("v1"), { messages, conversationId: "conv-v1" }));
    const received = standin.requests.find((r) => JSON.stringify(r.body).includes("v1-shape"))!;
    expect(received.path).toBe("/api/v1/chat");
    expect(received.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(received.body).toEqual({ messages, chatbotId: BOT, stream: true, conversationId: "conv-v1" });
  });

  it("v2 carries only the new message and reuses the conversation id it was given", async () => {
    const first = await openChatStream(settings("v2"), { messages: ask("hello v2-shape") });
    const { events } = await collect(first);
    const conversation = events.find((e) => e.type === "conversation");
    expect(conversation).toBeDefined();
    const conversationId = (conversation as { conversationId: string }).conversationId;

    const messages = [...ask("hello v2-shape"), { role: "assistant" as const, content: "hi" }, ...ask("again v2-shape")];
    const second = await openChatStream(settings("v2"), { messages, conversationId });
    expect(second.conversationId).toBe(conversationId);
    expect((await collect(second)).text).toContain("message 2 of our conversation");

    const received = standin.requests.filter((r) => JSON.stringify(r.body).includes("v2-shape"));
    expect(received.map((r) => r.path)).toEqual([`/api/v2/agents/${BOT}/chat`, `/api/v2/agents/${BOT}/chat`]);
    expect(received[0].body).toEqual({ message: "hello v2-shape", stream: true });
    expect(received[1].body).toEqual({ message: "again v2-shape", stream: true, conversationId });
  });

  it.each(["flat", "metadata", "messageMetadata"])("v2 finds the conversation id in %s metadata", async (meta) => {
    const { events } = await collect(await openChatStream(settings("v2"), { messages: ask(`[[meta=${meta}]]`) }));
    expect(events.some((e) => e.type === "conversation" && e.conversationId.startsWith("conv_"))).toBe(true);
  });

  it("v1 SSE framing (sent as text/plain) is recognised by its first bytes", async () => {
    const reply = await openChatStream(settings("v1"), { messages: ask("[[sse chunkBytes=3]] how does streaming work") });
    expect((await collect(reply)).text).toBe(demoReply("how does streaming work", 1));
  });

  it("a v2 error event mid-stream errors the reply", async () => {
    const reply = await openChatStream(settings("v2"), { messages: ask("[[errorAfter=3]]") });
    const error = await failure(collect(reply));
    expect(error.code).toBe("upstream_error");
    expect(error.message).toContain("failed while answering");
  });
});

describe("v2 beyond chat", () => {
  const idsOf = (events: ChatEvent[]) => ({
    conversationId: (events.find((e) => e.type === "conversation") as { conversationId: string }).conversationId,
    messageId: (events.findLast((e) => e.type === "message") as { messageId: string }).messageId,
  });

  it("gives each reply its own assistant message id and sends the visitor's id when the conversation starts", async () => {
    const first = idsOf((await collect(await openChatStream(settings("v2"), { messages: ask("ids one"), userId: "v-unit1" }))).events);
    const second = idsOf(
      (await collect(await openChatStream(settings("v2"), { messages: ask("ids two"), conversationId: first.conversationId, userId: "v-unit1" }))).events,
    );
    expect(first.messageId).toMatch(/^msg_a_/);
    expect(second.messageId).not.toBe(first.messageId);
    const bodies = standin.requests.filter((r) => /ids (one|two)/.test(JSON.stringify(r.body))).map((r) => r.body);
    expect(bodies).toEqual([
      { message: "ids one", stream: true, userId: "v-unit1" },
      { message: "ids two", stream: true, conversationId: first.conversationId },
    ]);
  });

  it("regenerates through retry: a new message id, the question answered again", async () => {
    const first = idsOf((await collect(await openChatStream(settings("v2"), { messages: ask("retry me please") }))).events);
    const again = await openChatStream(settings("v2"), { messages: ask("retry me please"), ...first, retryMessageId: first.messageId });
    const { text, events } = await collect(again);
    expect(text).toBe(`${demoReply("retry me please", 1)}\n\n(Regenerated answer.)`);
    expect(idsOf(events).messageId).not.toBe(first.messageId);
    const retryCall = standin.requests.find((r) => r.path.endsWith(`/conversations/${first.conversationId}/retry`));
    expect(retryCall?.body).toEqual({ messageId: first.messageId, stream: true });

    const stale = await failure(openChatStream(settings("v2"), { messages: ask("x"), ...first, retryMessageId: first.messageId }));
    expect(stale).toMatchObject({ code: "retry_unavailable", status: 409 });
  });

  it("records feedback on assistant messages only, and clears it with null", async () => {
    const { conversationId, messageId } = idsOf((await collect(await openChatStream(settings("v2"), { messages: ask("rate me") }))).events);
    await sendFeedback(settings("v2"), { conversationId, messageId, feedback: "positive" });
    await sendFeedback(settings("v2"), { conversationId, messageId, feedback: null });
    const calls = standin.requests.filter((r) => r.path.endsWith(`/messages/${messageId}/feedback`));
    expect(calls.map((r) => [r.method, r.body])).toEqual([
      ["PATCH", { feedback: "positive" }],
      ["PATCH", { feedback: null }],
    ]);
    const raw = await fetch(`${standin.url}/api/v2/agents/${BOT}/chat`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ message: "rate my question", stream: false }),
    });
    const { data } = (await raw.json()) as { data: { metadata: { conversationId: string; userMessageId: string } } };
    const userMessage = await failure(
      sendFeedback(settings("v2"), { conversationId: data.metadata.conversationId, messageId: data.metadata.userMessageId, feedback: "negative" }),
    );
    expect(userMessage).toMatchObject({ code: "feedback_not_accepted", status: 422, upstreamStatus: 422 });
    const unknown = await failure(sendFeedback(settings("v2"), { conversationId, messageId: "msg_nope", feedback: "negative" }));
    expect(unknown).toMatchObject({ code: "message_not_found", status: 404 });
    const v1 = await failure(sendFeedback(settings("v1"), { conversationId, messageId, feedback: "negative" }));
    expect(v1.code).toBe("upstream_bad_request");
  });

  it.each([
    ["ended", "[[status=400 code=CHAT_CONVERSATION_NOT_ONGOING]]", "conversation_ended", 409],
    ["taken over elsewhere", "[[status=403 code=CHAT_CONVERSATION_MISMATCH]]", "conversation_ended", 409],
    ["gone", "[[status=404 code=RESOURCE_CONVERSATION_NOT_FOUND]]", "conversation_ended", 409],
    ["agent credits", "[[status=402 code=CHAT_AGENT_CREDITS_EXHAUSTED]]", "upstream_credits_exhausted", 502],
    ["maintenance", "[[status=503 retryAfter=120]]", "upstream_maintenance", 503],
  ])("maps a stored conversation that is %s", async (_what, directive, code, status) => {
    const error = await failure(openChatStream(settings("v2"), { messages: ask(directive), conversationId: "conv_stored" }));
    expect(error).toMatchObject({ code, status });
  });

  it("streams actions around the text, and a reply that stops for a client action", async () => {
    const server = await collect(await openChatStream(settings("v2"), { messages: ask("[[action=server]] where is my order") }));
    expect(server.events.filter((e) => e.type === "action").map((e) => (e as { state: string }).state)).toEqual(["running", "running", "done"]);
    expect(server.text).toBe(demoReply("where is my order", 1));
    const client = await collect(await openChatStream(settings("v2"), { messages: ask("[[action=client]]") }));
    expect(client.text).toBe("");
    expect(client.events).toContainEqual({ type: "finish", finishReason: "tool-calls" });
    expect(client.events).toContainEqual(expect.objectContaining({ type: "action", name: "Open support ticket", state: "running" }));
  });
});

describe("unreachable Chatbase", () => {
  it("reports a refused connection as upstream_unreachable", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(
      openChatStream(settings("v1", { baseUrl: `http://127.0.0.1:${port}` }), { messages: ask("hi") }),
    );
    expect(error).toMatchObject({ code: "upstream_unreachable", status: 502 });
  });
});

describe("demo bot", () => {
  it.each(["v1", "v2"] as const)("answers through the same client in the %s wire format", async (version) => {
    const reply = await openChatStream(settings(version, { baseUrl: "https://demo.invalid", apiKey: "" }), {
      messages: ask("how do I connect my chatbot?"),
      fetch: demoFetch,
    });
    expect((await collect(reply)).text).toBe(demoReply("how do I connect my chatbot?", 1));
  });

  it("takes feedback in v2 mode, so the feature can be tried without a key", async () => {
    const demo = settings("v2", { baseUrl: "https://demo.invalid", apiKey: "" });
    const { events } = await collect(await openChatStream(demo, { messages: ask("hello"), fetch: demoFetch }));
    const conversationId = (events.find((e) => e.type === "conversation") as { conversationId: string }).conversationId;
    const messageId = (events.findLast((e) => e.type === "message") as { messageId: string }).messageId;
    await expect(sendFeedback(demo, { conversationId, messageId, feedback: "negative", fetch: demoFetch })).resolves.toBeUndefined();
  });
});
