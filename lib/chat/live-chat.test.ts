import type { UIMessageChunk } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StoredConversation } from "./conversation-store.ts";
import { LiveChat, type LiveChatOptions, type LiveSnapshot } from "./live-chat.ts";
import { textOf } from "./messages.ts";

/**
 * A fetch that answers as the route does, with responses the test writes chunk by chunk (SSE of UI message
 * chunks): a POST opens a reply, a GET of `…/replies/{id}?from=N` picks one up, a POST of `…/stop` stops it.
 */
function replyServer() {
  const requests: { url: string; method: string; body?: Record<string, unknown>; signal?: AbortSignal }[] = [];
  let write!: ReadableStreamDefaultController<Uint8Array>;
  const encoder = new TextEncoder();
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    requests.push({ url: String(url), method, body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined, signal: init?.signal ?? undefined });
    if (String(url).endsWith("/stop")) return new Response(null, { status: 204 });
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (write = controller) });
    init?.signal?.addEventListener("abort", () => write.error(init.signal!.reason));
    return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requests,
    send: (...chunks: UIMessageChunk[]) => {
      for (const chunk of chunks) write.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
    },
    end: () => write.close(),
    /** The connection drops, as a phone's does: the browser's fetch fails with a TypeError. */
    drop: () => write.error(new TypeError("network error")),
  };
}

const conversation = (messages: StoredConversation["messages"] = []): StoredConversation => ({
  id: "c1",
  conversationId: "web-1",
  messages,
  createdAt: 1,
  updatedAt: 1,
});

/** An import() the test lets arrive (or fail) when it chooses. */
function heldEngine() {
  let arrive!: () => void;
  let fail!: () => void;
  const load = vi.fn(
    () =>
      new Promise<typeof import("./engine.ts")>((resolve, reject) => {
        arrive = () => resolve(import("./engine.ts"));
        fail = () => reject(new TypeError("Failed to fetch dynamically imported module"));
      }),
  );
  return { load, arrive: () => arrive(), fail: () => fail() };
}

function liveChat(options: Partial<LiveChatOptions> = {}) {
  const saved: StoredConversation[] = [];
  const live = new LiveChat({ conversation: conversation(), visitorId: "v-1", persist: (c) => saved.push(c), ...options });
  return { live, saved };
}

/** Resolves once the live chat's state meets `test`. */
function until(live: LiveChat, test: (snapshot: LiveSnapshot) => boolean): Promise<LiveSnapshot> {
  return new Promise((resolve) => {
    const check = () => {
      if (!test(live.getSnapshot())) return;
      stop();
      resolve(live.getSnapshot());
    };
    const stop = live.subscribe(check);
    check();
  });
}

const reply = (snapshot: LiveSnapshot) => snapshot.messages.filter((m) => m.role === "assistant").map(textOf);
const words = (...deltas: string[]): UIMessageChunk[] => deltas.map((delta) => ({ type: "text-delta", id: "reply", delta }));

afterEach(() => vi.useRealTimers());

describe("LiveChat", () => {
  it("sends the message the moment it is sent, before the AI SDK has loaded, and shows the words as they arrive", async () => {
    const server = replyServer();
    const engine = heldEngine();
    const { live } = liveChat({ fetch: server.fetch, loadEngine: engine.load });
    live.send("Hello?");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toMatchObject({
      messages: [{ role: "user", parts: [{ type: "text", text: "Hello?" }] }],
      conversationId: "web-1",
      visitorId: "v-1",
    });
    expect(live.getSnapshot().status).toBe("submitted");
    server.send({ type: "start", messageId: "r1" }, { type: "text-start", id: "reply" }, ...words("Hi ", "there"));
    const streaming = await until(live, (s) => reply(s)[0] === "Hi there");
    expect(streaming.status).toBe("streaming");
    expect(engine.load).toHaveBeenCalledTimes(1);
  });

  it("lets the AI SDK take the reply over when it arrives: one request, the same message, no word twice", async () => {
    const server = replyServer();
    const engine = heldEngine();
    const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: engine.load });
    live.send("Hello?");
    server.send({ type: "start", messageId: "r1", messageMetadata: { conversationId: "web-1" } }, { type: "text-start", id: "reply" }, ...words("one ", "two "));
    await until(live, (s) => reply(s)[0] === "one two ");
    engine.arrive();
    await until(live, (s) => s.engine === "ready");
    server.send(...words("three"), { type: "message-metadata", messageMetadata: { messageId: "msg_1" } }, { type: "text-end", id: "reply" });
    server.send({ type: "finish", finishReason: "stop" });
    server.end();
    const done = await until(live, (s) => s.status === "ready" && reply(s)[0] === "one two three");
    expect(done.messages.map((m) => [m.role, m.id])).toEqual([
      ["user", done.messages[0].id],
      ["assistant", "r1"],
    ]);
    expect(done.messages[1].metadata).toEqual({ conversationId: "web-1", messageId: "msg_1" });
    expect(server.fetch).toHaveBeenCalledTimes(1);
    expect(saved.at(-1)?.messages.map(textOf)).toEqual(["Hello?", "one two three"]);
  });

  it("once loaded, the AI SDK reads every later reply from its request, sent the same way", async () => {
    const server = replyServer();
    const { live } = liveChat({ fetch: server.fetch });
    live.warmUp();
    await until(live, (s) => s.engine === "ready");
    live.send("First");
    server.send({ type: "start", messageId: "r1" }, { type: "text-start", id: "reply" }, ...words("Answer"), { type: "text-end", id: "reply" }, { type: "finish" });
    server.end();
    const done = await until(live, (s) => s.status === "ready" && s.messages.length === 2);
    expect(reply(done)).toEqual(["Answer"]);
    expect(server.fetch).toHaveBeenCalledTimes(1);
  });

  it("Stop before the AI SDK has loaded aborts the request and keeps the words, marked stopped", async () => {
    const server = replyServer();
    const { live } = liveChat({ fetch: server.fetch, loadEngine: heldEngine().load });
    live.send("Hello?");
    server.send({ type: "start", messageId: "r1" }, ...words("partial"));
    await until(live, (s) => reply(s)[0] === "partial");
    live.stop();
    const stopped = await until(live, (s) => s.status === "ready");
    expect(server.requests[0].signal?.aborted).toBe(true);
    expect(server.requests[1]).toMatchObject({ url: "/api/chat/replies/r1/stop", method: "POST" });
    expect(stopped.messages[1].metadata?.incomplete).toBe("stopped");
    expect(stopped.error).toBeUndefined();
  });

  it("Stop after the AI SDK took over aborts the same request", async () => {
    const server = replyServer();
    const engine = heldEngine();
    const { live } = liveChat({ fetch: server.fetch, loadEngine: engine.load });
    live.send("Hello?");
    server.send({ type: "start", messageId: "r1" }, { type: "text-start", id: "reply" }, ...words("partial"));
    await until(live, (s) => reply(s)[0] === "partial");
    engine.arrive();
    await until(live, (s) => s.engine === "ready" && s.status === "streaming");
    server.send(...words(" more"));
    await until(live, (s) => reply(s)[0] === "partial more");
    live.stop();
    const stopped = await until(live, (s) => s.status === "ready" && s.messages[1]?.metadata?.incomplete === "stopped");
    expect(server.requests[0].signal?.aborted).toBe(true);
    expect(server.requests.map((r) => r.url)).toContain("/api/chat/replies/r1/stop");
    expect(reply(stopped)).toEqual(["partial more"]);
  });

  it("when the connection drops mid-reply, asks for the rest from where it was, and the words go on as one reply", async () => {
    for (const loaded of [false, true]) {
      const server = replyServer();
      const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: loaded ? undefined : heldEngine().load });
      if (loaded) {
        live.warmUp();
        await until(live, (s) => s.engine === "ready");
      }
      live.send("Hello?");
      server.send({ type: "start", messageId: "r1" }, { type: "text-start", id: "reply" }, ...words("before ", "the "));
      await until(live, (s) => reply(s)[0] === "before the ");
      server.drop();
      await vi.waitFor(() => expect(server.requests.at(-1)?.url).toBe("/api/chat/replies/r1?from=4"));
      expect(live.getSnapshot().status).toBe("streaming");
      server.send(...words("drop"), { type: "text-end", id: "reply" }, { type: "finish" });
      server.end();
      const done = await until(live, (s) => s.status === "ready");
      expect(reply(done)).toEqual(["before the drop"]);
      expect(done.messages[1].metadata?.incomplete).toBeUndefined();
      expect(saved.at(-1)?.messages.map(textOf)).toEqual(["Hello?", "before the drop"]);
    }
  });

  it("leaving mid-reply does not stop it: it is kept as still arriving, and picked up again from its first chunk", async () => {
    const server = replyServer();
    const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: heldEngine().load });
    live.send("Hello?");
    server.send({ type: "start", messageId: "r1" }, ...words("half "));
    await until(live, (s) => reply(s)[0] === "half ");
    live.leave();
    expect(server.requests.map((r) => r.url)).not.toContain("/api/chat/replies/r1/stop");
    const left = saved.at(-1)!;
    expect(left.messages[1]).toMatchObject({ id: "r1", metadata: { arriving: true } });

    const again = liveChat({ fetch: server.fetch, loadEngine: heldEngine().load, conversation: left }).live;
    again.pickUp();
    expect(server.requests.at(-1)).toMatchObject({ url: "/api/chat/replies/r1?from=0", method: "GET" });
    server.send({ type: "start", messageId: "r1" }, ...words("half ", "and the rest"), { type: "finish" });
    server.end();
    const done = await until(again, (s) => s.status === "ready" && reply(s)[0] === "half and the rest");
    expect(done.messages).toHaveLength(2);
    expect(done.messages[1].metadata?.arriving).toBeUndefined();
  });

  it("a reply the server no longer holds is said, with the words kept and Retry offered", async () => {
    const gone = JSON.stringify({ error: { code: "reply_not_found", message: "That reply is no longer available." } });
    const fetch = vi.fn(async () => new Response(gone, { status: 404 }));
    const stored = conversation([
      { id: "u1", role: "user", parts: [{ type: "text", text: "Q" }] },
      { id: "r1", role: "assistant", parts: [{ type: "text", text: "half" }], metadata: { arriving: true } },
    ]);
    const { live } = liveChat({ fetch: fetch as unknown as typeof globalThis.fetch, loadEngine: heldEngine().load, conversation: stored });
    live.pickUp();
    const failed = await until(live, (s) => s.status === "error" && s.error !== undefined);
    expect((failed.error as { responseBody?: string }).responseBody).toBe(gone);
    expect(reply(failed)).toEqual(["half"]);
    expect(failed.messages[1].metadata?.incomplete).toBe("failed");
  });

  it("a reply the server cut off with an error event is marked interrupted, not stopped, and nothing is stopped", async () => {
    const server = replyServer();
    const { live } = liveChat({ fetch: server.fetch });
    live.warmUp();
    await until(live, (s) => s.engine === "ready");
    live.send("Hello?");
    // The AI SDK acts on the error event before the response has closed: it lets go of the stream then.
    server.send({ type: "start", messageId: "r1" }, { type: "text-start", id: "reply" }, ...words("cut "), { type: "error", errorText: "The reply was interrupted." });
    const failed = await until(live, (s) => s.status === "error" && s.messages[1]?.metadata?.incomplete !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(live.getSnapshot().messages[1].metadata?.incomplete).toBe("failed");
    expect(failed.error?.message).toBe("The reply was interrupted.");
    expect(server.requests.map((r) => r.url)).not.toContain("/api/chat/replies/r1/stop");
  });

  it("a refused turn shows the server's error, whether or not the AI SDK has loaded", async () => {
    for (const loaded of [false, true]) {
      const refusal = JSON.stringify({ error: { code: "rate_limited", message: "Too many messages." } });
      const fetch = vi.fn(async () => new Response(refusal, { status: 429, headers: { "Content-Type": "application/json" } }));
      const { live } = liveChat({ fetch: fetch as unknown as typeof globalThis.fetch, loadEngine: loaded ? undefined : heldEngine().load });
      if (loaded) {
        live.warmUp();
        await until(live, (s) => s.engine === "ready");
      }
      live.send("Hello?");
      const failed = await until(live, (s) => s.status === "error" && s.error !== undefined);
      expect((failed.error as { responseBody?: string }).responseBody).toBe(refusal);
      expect(failed.messages.map(textOf)).toEqual(["Hello?"]);
    }
  });

  it("a conversation Chatbase ended is marked ended, and kept so", async () => {
    const ended = JSON.stringify({ error: { code: "conversation_ended", message: "This conversation has ended." } });
    const fetch = vi.fn(async () => new Response(ended, { status: 409 }));
    const { live, saved } = liveChat({ fetch: fetch as unknown as typeof globalThis.fetch, loadEngine: heldEngine().load });
    live.send("Hello?");
    const failed = await until(live, (s) => s.status === "error" && s.error !== undefined);
    expect(failed.ended).toBe(true);
    expect(saved.at(-1)?.ended).toBe(true);
  });

  it("if the AI SDK's code fails to arrive, the reply still shows to its end, and the visitor can try again", async () => {
    const server = replyServer();
    const engine = heldEngine();
    const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: engine.load });
    live.send("Hello?");
    engine.fail();
    await until(live, (s) => s.engine === "failed");
    server.send({ type: "start", messageId: "r1" }, ...words("still ", "here"), { type: "finish" });
    server.end();
    const done = await until(live, (s) => s.status === "ready");
    expect(reply(done)).toEqual(["still here"]);
    expect(saved.at(-1)?.messages.map(textOf)).toEqual(["Hello?", "still here"]);
    live.warmUp();
    expect(live.getSnapshot().engine).toBe("failed");
    live.retryEngine();
    expect(live.getSnapshot().engine).toBe("loading");
    engine.arrive();
    await until(live, (s) => s.engine === "ready");
  });

  it("while a reply streams, writes the conversation at most once per interval, and at once when it settles", async () => {
    vi.useFakeTimers();
    const server = replyServer();
    const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: heldEngine().load, saveEveryMs: 1_000 });
    live.send("Hello?");
    server.send({ type: "start", messageId: "r1" });
    for (let i = 0; i < 50; i++) {
      server.send(...words("word "));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(reply(live.getSnapshot())[0]).toBe("word ".repeat(50));
    // 500 ms of streaming: the first write, then one more when the interval is up.
    expect(saved.length).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(1_000);
    const duringStream = saved.length;
    expect(duringStream).toBeLessThanOrEqual(3);
    // The last word, then the end, well inside the next interval: written at once, once.
    server.send(...words("end"), { type: "finish" });
    server.end();
    await vi.advanceTimersByTimeAsync(1);
    expect(live.getSnapshot().status).toBe("ready");
    expect(saved.length).toBe(duringStream + 1);
    expect(saved.at(-1)?.messages.map(textOf)).toEqual(["Hello?", `${"word ".repeat(50)}end`]);
  });

  it("writes a reply's first words at once, marked as still arriving, so a page closed a moment later can pick it up", async () => {
    vi.useFakeTimers();
    const server = replyServer();
    const { live, saved } = liveChat({ fetch: server.fetch, loadEngine: heldEngine().load, saveEveryMs: 60_000 });
    live.send("Hello?");
    await vi.advanceTimersByTimeAsync(1);
    expect(saved.at(-1)?.messages.map((m) => m.role)).toEqual(["user"]);
    server.send({ type: "start", messageId: "r1" }, ...words("first "));
    await vi.advanceTimersByTimeAsync(1);
    const last = saved.at(-1)?.messages.at(-1);
    expect(last).toMatchObject({ id: "r1", role: "assistant", metadata: { arriving: true } });
    // The words after it wait for the (here, long) interval.
    const writes = saved.length;
    server.send(...words("second "));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved.length).toBe(writes);
  });

  it("takes another tab's version of the conversation without writing it back, unless it is answering", async () => {
    const { live, saved } = liveChat();
    const elsewhere = conversation([{ id: "m1", role: "user", parts: [{ type: "text", text: "from the other tab" }] }]).messages;
    live.takeFromElsewhere(elsewhere);
    expect(live.getSnapshot().messages).toBe(elsewhere);
    live.flush();
    expect(saved).toHaveLength(0);
  });

  it("regenerates through Chatbase's retry when the last reply has Chatbase's id", async () => {
    const server = replyServer();
    const { live } = liveChat({
      fetch: server.fetch,
      loadEngine: heldEngine().load,
      conversation: conversation([
        { id: "u1", role: "user", parts: [{ type: "text", text: "Q" }] },
        { id: "a1", role: "assistant", parts: [{ type: "text", text: "A" }], metadata: { conversationId: "conv-9", messageId: "msg_7" } },
      ]),
    });
    live.regenerate();
    expect(server.requests[0].body).toMatchObject({ retry: { messageId: "msg_7" }, conversationId: "conv-9" });
    expect(live.getSnapshot().messages.map((m) => m.id)).toEqual(["u1"]);
  });
});
