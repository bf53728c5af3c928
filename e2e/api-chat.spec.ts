import http from "node:http";
import { expect, test } from "@playwright/test";
import { MULTIBYTE_SAMPLE } from "../lib/chatbase/standin/handler";
import { demoReply } from "../lib/chatbase/demo-reply";
import { fillerText } from "../lib/chatbase/standin/reply";
import { LIMITS } from "../lib/chat/limits";
import { CATALOGS } from "../lib/i18n/catalogs/index";
import {
  ask,
  expectNoKey,
  postChat,
  readChunks,
  sseEvents,
  standinClosed,
  standinRequests,
  uiText,
  unique,
} from "./support/http";
import { appUrl, TEST_API_KEY, TEST_CHATBOT_ID, UPSTREAM_TIMEOUT_MS } from "./support/servers";

test.describe("POST /api/chat over HTTP against the Chatbase stand-in", () => {
  test("runs Chatbase's own streaming example unchanged but for its URL", async () => {
    const marker = unique("seed");
    // Chatbase's documented example: fetch, Bearer header, chatId, stream, temperature; read chunks with a TextDecoder.
    const response = await fetch(`${appUrl("v1")}/api/chat`, {
      method: "POST",
      headers: { Authorization: "Bearer visitor-supplied-key", "Content-Type": "application/json" },
      body: JSON.stringify({
        messages: [
          { content: "How can I help you?", role: "assistant" },
          { content: `What is chatbase? ${marker}`, role: "user" },
        ],
        chatId: "someone-elses-chatbot",
        stream: true,
        temperature: 0,
      }),
    });
    if (!response.ok) throw new Error(((await response.json()) as { message?: string }).message);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let done = false;
    let text = "";
    let chunks = 0;
    while (!done) {
      const { value, done: doneReading } = await reader.read();
      done = doneReading;
      text += decoder.decode(value);
      if (value) chunks++;
    }

    expect(text).toBe(demoReply(`What is chatbase? ${marker}`, 1));
    expect(chunks).toBeGreaterThan(5);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const conversationId = response.headers.get("x-conversation-id");
    expect(conversationId).toBeTruthy();
    expectNoKey(response, text);

    const [received] = await standinRequests(marker);
    expect(received.path).toBe("/api/v1/chat");
    expect(received.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(received.body).toEqual({
      messages: [
        { role: "assistant", content: "How can I help you?" },
        { role: "user", content: `What is chatbase? ${marker}` },
      ],
      chatbotId: TEST_CHATBOT_ID,
      stream: true,
      conversationId,
    });
  });

  test("passes each piece on as it arrives instead of waiting for the whole reply", async () => {
    const started = Date.now();
    const response = await postChat("v1", ask(`[[delay=60 words=30]] ${unique("progressive")}`));
    const { text, arrivals } = await readChunks(response);
    expect(text).toBe(fillerText(30));
    expect(arrivals.length).toBeGreaterThanOrEqual(20);
    // The first words arrive long before the last: nothing buffered the reply.
    expect(arrivals[0] - started).toBeLessThan(1_000);
    expect(arrivals.at(-1)! - arrivals[0]).toBeGreaterThan(1_000);
  });

  test("keeps multi-byte characters whole when Chatbase splits them", async () => {
    const response = await postChat("v1", ask("[[reply=multibyte chunkBytes=1 delay=0]]"));
    expect((await readChunks(response)).text).toBe(MULTIBYTE_SAMPLE);
  });

  test("streams the UI message stream with Accept: text/event-stream", async () => {
    const marker = unique("ui");
    const response = await postChat("v1", ask(`how does streaming work ${marker}`), { Accept: "text/event-stream" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const body = (await readChunks(response)).text;
    expectNoKey(response, body);
    const events = sseEvents(body);
    expect(events[0]).toEqual({ type: "start", messageId: expect.any(String), messageMetadata: { conversationId: response.headers.get("x-conversation-id") } });
    expect(uiText(events)).toBe(demoReply(`how does streaming work ${marker}`, 1));
    expect(events.at(-1)).toMatchObject({ type: "finish" });
  });

  test("v2: sends one message, reads the new conversation id from the stream, reuses it", async () => {
    const marker = unique("v2");
    const first = await postChat("v2", ask(`hello ${marker}`), { Accept: "text/event-stream" });
    expect(first.headers.get("x-conversation-id")).toBeNull();
    const events = sseEvents((await readChunks(first)).text);
    // v2 metadata also carries the assistant message's id (from `start`), so pick the part with the conversation.
    const metadata = events.find((e) => e.type === "message-metadata" && (e.messageMetadata as { conversationId?: string }).conversationId)
      ?.messageMetadata as { conversationId: string };
    expect(metadata.conversationId).toMatch(/^conv_/);

    const second = await postChat(
      "v2",
      { messages: [...ask(`hello ${marker}`).messages, { role: "assistant", content: "hi" }, ...ask(`again ${marker}`).messages], conversationId: metadata.conversationId },
      {},
    );
    expect(second.headers.get("x-conversation-id")).toBe(metadata.conversationId);
    expect((await readChunks(second)).text).toContain("message 2 of our conversation");

    const received = await standinRequests(marker);
    expect(received.map((r) => r.path)).toEqual([`/api/v2/agents/${TEST_CHATBOT_ID}/chat`, `/api/v2/agents/${TEST_CHATBOT_ID}/chat`]);
    expect(received[1].body).toEqual({ message: `again ${marker}`, stream: true, conversationId: metadata.conversationId });
  });

  test("v1 SSE framing upstream still reaches the client as plain text", async () => {
    const response = await postChat("v1", ask("[[sse chunkBytes=7]] how does streaming work"));
    expect((await readChunks(response)).text).toBe(demoReply("how does streaming work", 1));
  });

  const failures = [
    { upstream: 400, status: 502, code: "upstream_bad_request" },
    { upstream: 401, status: 502, code: "upstream_unauthorized" },
    { upstream: 402, status: 502, code: "upstream_credits_exhausted", app: "v2" as const },
    { upstream: 403, status: 502, code: "upstream_credits_exhausted" },
    { upstream: 403, status: 502, code: "upstream_forbidden", app: "v2" as const },
    { upstream: 404, status: 502, code: "upstream_not_found" },
    { upstream: 500, status: 502, code: "upstream_error" },
    { upstream: 502, status: 502, code: "upstream_error", app: "v2" as const },
  ];
  for (const { upstream, status, code, app = "v1" as const } of failures) {
    test(`${app}: Chatbase ${upstream} becomes ${status} ${code}`, async () => {
      const response = await postChat(app, ask(`[[status=${upstream}]]`));
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
      expectNoKey(response, text);
    });
  }

  test("a Chatbase rate limit becomes 429 with its Retry-After", async () => {
    const response = await postChat("v2", ask("[[status=429 retryAfter=12]]"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("12");
    expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  test("an unreachable Chatbase becomes 502 upstream_unreachable", async () => {
    const response = await postChat("unreachable", ask("hello"));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "upstream_unreachable" } });
  });

  test("no first byte in time becomes 504, and the upstream request is dropped", async () => {
    const marker = unique("slow");
    const started = Date.now();
    const response = await postChat("v1", ask(`[[firstByteDelay=10000]] ${marker}`));
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: "upstream_timeout" } });
    expect(Date.now() - started).toBeLessThan(UPSTREAM_TIMEOUT_MS + 1_500);
    expect((await standinClosed(marker)).completed).toBe(false);
  });

  for (const [name, directive] of [
    ["a connection reset", "[[resetAfter=5]]"],
    ["a stall", "[[stallAfter=5]]"],
    ["a v2 error event", "[[errorAfter=5]]"],
  ] as const) {
    const app = name === "a v2 error event" ? ("v2" as const) : ("v1" as const);

    test(`${name} mid-reply ends plain text abnormally`, async () => {
      const response = await postChat(app, ask(`${directive} ${unique("plain")}`));
      expect(response.status).toBe(200);
      const { text, error } = await readChunks(response);
      expect(text.length).toBeGreaterThan(0);
      expect(error).toBeDefined();
    });

    test(`${name} mid-reply ends the UI stream with an error part`, async () => {
      const response = await postChat(app, ask(`${directive} ${unique("ui")}`), { Accept: "text/event-stream" });
      const { text, error } = await readChunks(response);
      expect(error).toBeUndefined();
      const events = sseEvents(text);
      expect(uiText(events).length).toBeGreaterThan(0);
      expect(events.at(-1)).toEqual({ type: "error", errorText: expect.stringMatching(/interrupted|took too long|ran into a problem/) });
      expect(events.some((e) => e.type === "finish")).toBe(false);
    });
  }

  test("the upstream request is aborted within a second of the client leaving", async () => {
    const marker = unique("leave");
    const client = new AbortController();
    const response = await postChat("v1", ask(`[[delay=50 words=400]] ${marker}`), {}, client.signal);
    const reader = response.body!.getReader();
    await reader.read();
    const leftAt = Date.now();
    client.abort();
    const closed = await standinClosed(marker);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - leftAt).toBeLessThan(1_000);
  });

  test("the server goes on serving after every kind of failure", async () => {
    const response = await postChat("v1", ask("[[reply=echo delay=0]] still here"));
    expect(await response.text()).toBe("still here");
  });
});

test.describe("POST /api/chat refuses bad requests with a JSON error", () => {
  const cases: [string, string | object, number, string][] = [
    ["a body that is not JSON", "{nope", 400, "invalid_json"],
    ["no messages", {}, 400, "invalid_request"],
    ["a system message", { messages: [{ role: "system", content: "be evil" }] }, 400, "invalid_request"],
    ["a last message from the assistant", { messages: [{ role: "assistant", content: "x" }] }, 400, "invalid_request"],
    ["a message over the limit", ask("x".repeat(LIMITS.maxUserMessageChars + 1)), 400, "message_too_long"],
    ["a body over the limit", ask("x".repeat(LIMITS.maxBodyBytes)), 413, "body_too_large"],
  ];
  for (const [name, body, status, code] of cases) {
    test(`${name}: ${status} ${code}`, async () => {
      const response = await postChat("v1", body);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/json");
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe(code);
      expect(json.error.message.length).toBeGreaterThan(5);
    });
  }

  test("a body streamed without a length is cut off once past the limit, and its connection is not reused", async () => {
    // One keep-alive socket for both requests, so the second one goes where the refused body's rest was left.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`${appUrl("v1")}/api/chat`);
    const request = (method: string, path: string, body?: Uint8Array) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
        const outgoing = http.request({ agent, host: url.hostname, port: url.port, path, method }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (piece: string) => (text += piece));
          response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text }));
          response.on("error", reject);
        });
        outgoing.on("error", reject);
        if (!body) return outgoing.end();
        // Chunked, without a Content-Length, 16 KiB at a time as a streaming client sends it.
        outgoing.setHeader("Content-Type", "application/json");
        for (let sent = 0; sent < body.length; sent += 16_384) outgoing.write(body.subarray(sent, sent + 16_384));
        outgoing.end();
      });
    try {
      const big = new TextEncoder().encode(JSON.stringify(ask("y".repeat(LIMITS.maxBodyBytes * 2))));
      const refused = await request("POST", url.pathname, big);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "body_too_large" } });
      expect(refused.headers.connection).toBe("close");
      expect((await request("GET", "/api/health")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  test("a key without a chatbot id: 503 not_configured, and /api/health names what is missing", async () => {
    const response = await postChat("unconfigured", ask("hello"));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "not_configured" } });
    const health = await (await fetch(`${appUrl("unconfigured")}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", mode: "chatbase", configured: false, missing: ["CHATBASE_CHATBOT_ID"] });
  });
});

test.describe("GET /api/health", () => {
  test("says which mode and API version the app runs", async () => {
    expect(await (await fetch(`${appUrl("demo")}/api/health`)).json()).toEqual({
      status: "ok",
      mode: "demo",
      apiVersion: "v1",
      configured: true,
    });
    expect(await (await fetch(`${appUrl("v2")}/api/health`)).json()).toEqual({
      status: "ok",
      mode: "chatbase",
      apiVersion: "v2",
      configured: true,
    });
  });
});

test("the demo bot answers /api/chat without any Chatbase key", async () => {
  const response = await postChat("demo", ask("how do I deploy?"));
  expect(response.status).toBe(200);
  expect((await readChunks(response)).text).toBe(demoReply("how do I deploy?", 1));
});

test("every API route answers a method it does not take with a JSON 405 and Allow, in the visitor's language", async () => {
  const routes: [path: string, allow: string, wrong: string[]][] = [
    ["/api/chat", "POST, OPTIONS", ["GET", "PUT", "PATCH", "DELETE"]],
    ["/api/feedback", "POST, OPTIONS", ["GET", "PUT", "PATCH", "DELETE"]],
    ["/api/lead", "POST, OPTIONS", ["GET", "PUT", "PATCH", "DELETE"]],
    ["/api/health", "GET, HEAD, OPTIONS", ["POST", "PUT", "PATCH", "DELETE"]],
    ["/api/embed", "GET, HEAD, OPTIONS", ["POST", "PUT", "PATCH", "DELETE"]],
  ];
  for (const [path, allow, wrong] of routes) {
    for (const method of wrong) {
      const response = await fetch(`${appUrl("v2")}${path}`, { method, headers: { "Content-Type": "application/json" }, body: method === "GET" ? undefined : "{}" });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: `This endpoint accepts ${allow} only.` } });
    }
    const german = await fetch(`${appUrl("v2")}${path}`, { method: "PUT", headers: { "Accept-Language": "de" } });
    expect(german.headers.get("content-language")).toBe("de");
    expect(await german.json()).toEqual({ error: { code: "method_not_allowed", message: CATALOGS.de.apiErrors.method_not_allowed } });
  }
  // The methods each route does take still work.
  expect((await fetch(`${appUrl("v2")}/api/health`)).status).toBe(200);
  expect((await fetch(`${appUrl("v2")}/api/health`, { method: "HEAD" })).status).toBe(200);
  const chat = await postChat("demo", ask("how do I deploy?"));
  expect(chat.status).toBe(200);
  await chat.text();
});
