// Server only: held replies shared through Redis, so that any instance serves the rest of a reply another reads.
import "server-only";
import { Redis } from "ioredis";
import { sameVisitor, visitorKey, type MemoryReplyHolder, type ReplyHolder, type ReplyWriter } from "./held-replies.ts";

const KEY_PREFIX = "chat:reply:";
const STOP_CHANNEL = "chat:reply-stop";
/** A reply still being written keeps its key this long beyond the hold, however long Chatbase takes (Vercel's limit is 300 s). */
const LIVE_MS = 15 * 60_000;
const BLOCK_MS = 5_000;

type Entry = [id: string, fields: string[]];

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** Whether a reply's first entry (`XRANGE key 0-1 0-1`) names this visitor: nothing else may read or stop it. */
function isVisitors(first: Entry[], visitorId: string): boolean {
  const visitor = first[0] && field(first[0][1], "v");
  return visitor !== undefined && sameVisitor(visitor, visitorId);
}

/**
 * Each reply is a Redis stream whose entry `0-(i+1)` is event i (the first also carries the visitor's digest),
 * closed by an `end` entry: a reader that has N events asks for what follows `0-N`, so nothing is sent twice
 * or skipped. The instance reading Chatbase also keeps the reply in its own memory (`local`) and serves its
 * own browser from there: when Redis fails mid-reply, that reply stops being written to Redis and the
 * instance keeps holding it alone. A stop is published on one channel every instance listens to.
 *
 * Not `resumable-stream`: it keeps a reply only in the producing instance's memory, says "done" and serves
 * nothing once a reply has ended, counts characters rather than events, holds for 24 hours and has no stop.
 */
export class RedisReplyHolder implements ReplyHolder {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly log: (line: string) => void;
  private readonly local: MemoryReplyHolder;
  private readonly options: { holdMs: number; idleMs: number };
  /** Resolves once this instance hears stops (a stop published before then is not heard). */
  readonly listening: Promise<void>;

  constructor(url: string, local: MemoryReplyHolder, options: { holdMs: number; idleMs: number; log?: (line: string) => void }) {
    this.local = local;
    this.options = options;
    this.log = options.log ?? ((line) => console.warn(line));
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    });
    this.redis.on("error", () => undefined);
    this.subscriber = this.redis.duplicate();
    this.subscriber.on("error", () => undefined);
    this.subscriber.on("message", (_channel: string, replyId: string) => this.local.stopReading(replyId));
    this.listening = this.subscriber.subscribe(STOP_CHANNEL).then(
      () => undefined,
      () => undefined,
    );
  }

  open(replyId: string, visitorId: string, stop: () => void): ReplyWriter | undefined {
    const held = this.local.open(replyId, visitorId, stop);
    if (!held) return undefined;
    const key = KEY_PREFIX + replyId;
    const visitor = visitorKey(visitorId);
    let written = 0;
    let failed = false;
    const send = (command: Promise<unknown>) =>
      command.catch((error: Error) => {
        if (failed) return;
        failed = true;
        this.log(`[replies] Redis failed while holding a reply; this instance keeps it in memory alone: ${error.message}`);
      });
    return {
      push: (event) => {
        held.push(event);
        if (failed) return;
        written += 1;
        if (written === 1) {
          send(this.redis.xadd(key, "0-1", "v", visitor, "e", event));
          send(this.redis.pexpire(key, LIVE_MS + this.options.holdMs));
        } else send(this.redis.xadd(key, `0-${written}`, "e", event));
      },
      end: () => {
        held.end();
        if (failed || written === 0) return;
        send(this.redis.xadd(key, `0-${written + 1}`, "end", "1"));
        send(this.redis.pexpire(key, this.options.holdMs));
      },
      follow: (from) => held.follow(from),
    };
  }

  async read(replyId: string, visitorId: string, from: number): Promise<ReadableStream<string> | undefined> {
    const own = this.local.find(replyId, visitorId);
    if (own) return own.follow(from);
    const key = KEY_PREFIX + replyId;
    // One MULTI, so that the hold cannot lapse between reads: the visitor's entry, the last entry and every event
    // after `from`. A reader that saw the key and then followed it once gone would wait `idleMs` and break off.
    const answers = await this.redis
      .multi()
      .xrange(key, "0-1", "0-1")
      .xrevrange(key, "+", "-", "COUNT", 1)
      .xrange(key, `0-${from + 1}`, "+")
      .exec()
      .catch(() => null);
    if (!answers || answers.some(([error]) => error)) return undefined;
    const [first, last, after] = answers.map(([, entries]) => entries as Entry[]);
    if (!isVisitors(first, visitorId)) return undefined;
    let text = "";
    for (const [, fields] of after) text += field(fields, "e") ?? "";
    if (last[0] && field(last[0][1], "end") !== undefined) {
      return new ReadableStream({
        start: (controller) => {
          if (text) controller.enqueue(text);
          controller.close();
        },
      });
    }
    return this.follow(key, after.at(-1)?.[0] ?? `0-${from}`, text);
  }

  async stop(replyId: string, visitorId: string): Promise<boolean> {
    if (await this.local.stop(replyId, visitorId)) return true;
    const first = (await this.redis.xrange(KEY_PREFIX + replyId, "0-1", "0-1").catch(() => [])) as Entry[];
    if (!isVisitors(first, visitorId)) return false;
    await this.redis.publish(STOP_CHANNEL, replyId).catch(() => undefined);
    return true;
  }

  /**
   * A blocking read needs its own connection, opened per reader and closed when the reply ends or the
   * browser leaves. A reply whose writer vanished (its instance died, or Redis failed there) gets no `end`:
   * after `idleMs` without an event the reading breaks off, as a dropped connection would. It starts with
   * `already`, the events `read` found up to entry `after`, and goes on from there.
   */
  private follow(key: string, after: string, already: string): ReadableStream<string> {
    const reader = this.redis.duplicate({ commandTimeout: undefined, blockingTimeout: BLOCK_MS + 1_000 });
    reader.on("error", () => undefined);
    let lastEventAt = Date.now();
    return new ReadableStream<string>({
      start: (controller) => {
        if (already) controller.enqueue(already);
      },
      pull: async (controller) => {
        try {
          for (;;) {
            const result = (await reader.xread("COUNT", 1_000, "BLOCK", Math.min(BLOCK_MS, this.options.idleMs), "STREAMS", key, after)) as [string, Entry[]][] | null;
            if (!result) {
              if (Date.now() - lastEventAt > this.options.idleMs) throw new Error("the held reply stopped growing");
              continue;
            }
            lastEventAt = Date.now();
            let text = "";
            let ended = false;
            for (const [id, fields] of result[0][1]) {
              after = id;
              if (field(fields, "end") !== undefined) ended = true;
              else text += field(fields, "e") ?? "";
            }
            if (text) controller.enqueue(text);
            if (ended) {
              controller.close();
              reader.disconnect();
            }
            return;
          }
        } catch (error) {
          reader.disconnect();
          controller.error(error);
        }
      },
      cancel: () => reader.disconnect(),
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.subscriber.quit().catch(() => this.subscriber.disconnect()), this.redis.quit().catch(() => this.redis.disconnect())]);
  }
}
