import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { fillerText } from "../lib/chatbase/standin/reply";
import { ask, postChat, sseEvents, standinClosed, standinRequests, uiText, unique } from "./support/http";
import { appUrl, FRAGILE_REDIS_PORT, serverLog, SHORT_HOLD_SECONDS, type AppName } from "./support/servers";

/**
 * Replies that outlive their connection, over real HTTP against the built app: leaving is not stopping, the
 * rest of a reply from any event on, stop, the same 404 for anything not the visitor's, Redis shared by two
 * instances and Redis going down mid-reply, and a held reply expiring.
 */

const WORDS = 80;
const DONE = "data: [DONE]\n\n";

interface OpenReply {
  response: Response;
  replyId: string;
  visitorId: string;
  marker: string;
  /** The SSE frames read so far, each `data: …\n\n`. */
  frames: string[];
  client: AbortController;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  buffered: string;
}

async function openReply(app: AppName, words = WORDS, delayMs = 40): Promise<OpenReply> {
  const marker = unique("resume");
  const visitorId = unique("v");
  const client = new AbortController();
  const response = await postChat(app, { ...ask(`[[delay=${delayMs} words=${words}]] ${marker}`), visitorId }, { Accept: "text/event-stream" }, client.signal);
  expect(response.status).toBe(200);
  const replyId = response.headers.get("x-reply-id")!;
  expect(replyId).toMatch(/^[0-9a-f-]{36}$/);
  return { response, replyId, visitorId, marker, frames: [], client, reader: response.body!.getReader(), buffered: "" };
}

/** Reads until `count` frames have arrived (or the body ends), keeping any part of a frame for the next read. */
async function readFrames(reply: OpenReply, count: number): Promise<void> {
  const decoder = new TextDecoder();
  while (reply.frames.length < count) {
    const { done, value } = await reply.reader.read();
    if (done) return;
    reply.buffered += decoder.decode(value, { stream: true });
    const pieces = reply.buffered.split("\n\n");
    reply.buffered = pieces.pop()!;
    reply.frames.push(...pieces.map((piece) => `${piece}\n\n`));
  }
}

function getRest(app: AppName, replyId: string, visitorId: string | undefined, from: number | string = 0): Promise<Response> {
  return fetch(`${appUrl(app)}/api/chat/replies/${replyId}?from=${from}`, { headers: visitorId ? { "X-Visitor-Id": visitorId } : {} });
}

function stop(app: AppName, replyId: string, visitorId: string | undefined): Promise<Response> {
  return fetch(`${appUrl(app)}/api/chat/replies/${replyId}/stop`, { method: "POST", headers: visitorId ? { "X-Visitor-Id": visitorId } : {} });
}

function framesOf(body: string): string[] {
  expect(body.endsWith(DONE)).toBe(true);
  return body
    .slice(0, -DONE.length)
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => `${frame}\n\n`);
}

/** One whole reply: a start naming the reply, the text, a finish, in order, nothing twice. */
function expectWholeReply(frames: string[], replyId: string, text = fillerText(WORDS)) {
  const events = sseEvents(frames.join(""));
  expect(events[0]).toMatchObject({ type: "start", messageId: replyId });
  expect(events.filter((event) => event.type === "start")).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ type: "finish" });
  expect(events.some((event) => event.type === "error")).toBe(false);
  expect(uiText(events)).toBe(text);
}

test.describe("held replies on one server (in memory)", () => {
  test("the reply is named in X-Reply-Id and read from Chatbase to its end after the browser left", async () => {
    const reply = await openReply("v1");
    expect(reply.response.headers.get("content-type")).toBe("text/event-stream");
    expect(reply.response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    await readFrames(reply, 5);
    expect(sseEvents(reply.frames[0])[0]).toMatchObject({ type: "start", messageId: reply.replyId });
    reply.client.abort();
    const closed = await standinClosed(reply.marker, 15_000);
    expect(closed.completed).toBe(true);
    expect(await standinRequests(reply.marker)).toHaveLength(1);
  });

  test("GET ?from=N returns exactly the rest, mid-reply and after the end: no event twice, none missing", async () => {
    const reply = await openReply("v1");
    await readFrames(reply, 6);
    reply.client.abort();
    const had = reply.frames.slice(0, 6);
    const midReply = await getRest("v1", reply.replyId, reply.visitorId, had.length);
    expect(midReply.status).toBe(200);
    expect(midReply.headers.get("content-type")).toBe("text/event-stream");
    expect(midReply.headers.get("cache-control")).toBe("no-cache, no-transform");
    const rest = framesOf(await midReply.text());
    expectWholeReply([...had, ...rest], reply.replyId);
    expect((await standinClosed(reply.marker)).completed).toBe(true);

    const afterEnd = await getRest("v1", reply.replyId, reply.visitorId, had.length);
    expect(framesOf(await afterEnd.text())).toEqual(rest);
    const whole = framesOf(await (await getRest("v1", reply.replyId, reply.visitorId, 0)).text());
    expect(whole).toEqual([...had, ...rest]);
    expect(await standinRequests(reply.marker)).toHaveLength(1);
  });

  test("stop ends Chatbase's request within a second; the reply ends as a stopped one, kept as far as it came", async () => {
    const reply = await openReply("v1", 400, 50);
    await readFrames(reply, 4);
    const stoppedAt = Date.now();
    expect((await stop("v1", reply.replyId, reply.visitorId)).status).toBe(204);
    const closed = await standinClosed(reply.marker);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - stoppedAt).toBeLessThan(1_000);

    await readFrames(reply, Number.POSITIVE_INFINITY);
    const events = sseEvents(reply.frames.join(""));
    expect(events.at(-1)).toMatchObject({ type: "finish" });
    expect(events.some((event) => event.type === "error")).toBe(false);
    const kept = uiText(events);
    expect(fillerText(400).startsWith(kept)).toBe(true);
    expect(kept.length).toBeLessThan(fillerText(400).length);
    expect(uiText(sseEvents(await (await getRest("v1", reply.replyId, reply.visitorId)).text()))).toBe(kept);
  });

  test("another visitor's, an unknown, a malformed reply id, or no visitor id: the same 404 for GET and stop", async () => {
    const reply = await openReply("v1");
    await readFrames(reply, 2);
    const unknown = crypto.randomUUID();
    const answers = await Promise.all([
      getRest("v1", reply.replyId, unique("someone-else")),
      getRest("v1", reply.replyId, undefined),
      getRest("v1", reply.replyId, "not a visitor id!"),
      getRest("v1", unknown, reply.visitorId),
      getRest("v1", "not-a-reply", reply.visitorId),
      stop("v1", reply.replyId, unique("someone-else")),
      stop("v1", unknown, reply.visitorId),
      stop("v1", "not-a-reply", reply.visitorId),
    ]);
    const seen = await Promise.all(answers.map(async (answer) => ({ status: answer.status, type: answer.headers.get("content-type"), body: await answer.text() })));
    expect(seen[0]).toEqual({ status: 404, type: "application/json", body: JSON.stringify({ error: { code: "reply_not_found", message: "This reply is no longer available. Please try again." } }) });
    for (const answer of seen) expect(answer).toEqual(seen[0]);
    // The reply nobody else could touch is still whole.
    await readFrames(reply, Number.POSITIVE_INFINITY);
    expectWholeReply(reply.frames, reply.replyId);
  });

  test("a bad from is 400 invalid_request; other methods are our JSON 405", async () => {
    const reply = await openReply("v1", 5, 0);
    for (const from of ["-1", "abc", "1.5", "99999999"]) {
      const answer = await getRest("v1", reply.replyId, reply.visitorId, from);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    const post = await fetch(`${appUrl("v1")}/api/chat/replies/${reply.replyId}`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, OPTIONS");
    const getStop = await fetch(`${appUrl("v1")}/api/chat/replies/${reply.replyId}/stop`);
    expect(getStop.status).toBe(405);
    expect(((await getStop.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });

  test("a plain-text client that leaves still stops Chatbase's request within a second, visitor id or not", async () => {
    const marker = unique("plain-leave");
    const client = new AbortController();
    const response = await postChat("v1", { ...ask(`[[delay=50 words=400]] ${marker}`), visitorId: unique("v") }, {}, client.signal);
    expect(response.headers.get("x-reply-id")).toBeNull();
    await response.body!.getReader().read();
    const leftAt = Date.now();
    client.abort();
    const closed = await standinClosed(marker);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - leftAt).toBeLessThan(1_000);
  });
});

test.describe("held replies shared through Redis", () => {
  test("the second instance serves the rest of a reply the first reads from Chatbase, and its stop reaches the first", async () => {
    const reply = await openReply("resumeA");
    await readFrames(reply, 5);
    reply.client.abort();
    const rest = await getRest("resumeB", reply.replyId, reply.visitorId, 5);
    expect(rest.status).toBe(200);
    expectWholeReply([...reply.frames.slice(0, 5), ...framesOf(await rest.text())], reply.replyId);
    expect(await standinRequests(reply.marker)).toHaveLength(1);
    expect((await standinClosed(reply.marker)).completed).toBe(true);

    const long = await openReply("resumeA", 400, 50);
    await readFrames(long, 3);
    expect((await getRest("resumeB", long.replyId, unique("someone-else"))).status).toBe(404);
    const stoppedAt = Date.now();
    expect((await stop("resumeB", long.replyId, long.visitorId)).status).toBe(204);
    const closed = await standinClosed(long.marker);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - stoppedAt).toBeLessThan(1_000);
  });

  test("a held reply expires: served after its end, then the same 404 once the hold has passed", async () => {
    // The hold is 5 s: the second instance's route is loaded first, so its first answer does not spend them loading.
    expect((await getRest("resumeB", "not-a-held-reply", unique("warm-up"))).status).toBe(404);
    const reply = await openReply("resumeA", 10, 0);
    await readFrames(reply, Number.POSITIVE_INFINITY);
    const endedAt = Date.now();
    // The events reach Redis a moment after this client has them (they are sent without waiting, and the first
    // reply an instance holds also opens its Redis connection): the second instance serves the reply once they have.
    await expect
      .poll(async () => {
        const answer = await getRest("resumeB", reply.replyId, reply.visitorId);
        await answer.body?.cancel();
        return answer.status;
      })
      .toBe(200);
    const gone = async (app: AppName) => {
      for (;;) {
        const answer = await getRest(app, reply.replyId, reply.visitorId);
        if (answer.status === 404) return ((await answer.json()) as { error: { code: string } }).error.code;
        await answer.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    expect(await gone("resumeB")).toBe("reply_not_found");
    expect(await gone("resumeA")).toBe("reply_not_found");
    expect(Date.now() - endedAt).toBeGreaterThan(SHORT_HOLD_SECONDS * 1_000 - 1_000);
  });

  test("Redis going down mid-reply: the connected browser gets the whole reply, and the instance still serves its rest", async () => {
    const reply = await openReply("resumeFragile", WORDS, 60);
    await readFrames(reply, 4);
    const shutdown = spawnSync("redis-cli", ["-p", String(FRAGILE_REDIS_PORT), "shutdown", "nosave"], { encoding: "utf8" });
    expect(shutdown.error).toBeUndefined();
    await readFrames(reply, Number.POSITIVE_INFINITY);
    expectWholeReply(reply.frames, reply.replyId);
    await expect.poll(() => readFileSync(serverLog("resumeFragile"), "utf8")).toContain("[replies] Redis failed while holding a reply");
    const rest = await getRest("resumeFragile", reply.replyId, reply.visitorId, 4);
    expect(rest.status).toBe(200);
    expectWholeReply([...reply.frames.slice(0, 4), ...framesOf(await rest.text())], reply.replyId);
  });
});
