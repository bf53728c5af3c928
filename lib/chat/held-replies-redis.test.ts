import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RunningRedis } from "../test-support/redis-server.ts";
import { MemoryReplyHolder } from "./held-replies.ts";
import { RedisReplyHolder } from "./held-replies-redis.ts";
import { readAll, readSome, until } from "../test-support/streams.ts";

let redis: RunningRedis;
const holders: RedisReplyHolder[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(holders.map((holder) => holder.close()));
  redis?.stop();
});

/** One server instance: its own memory, the shared Redis. */
function instance(url = redis.url, log: (line: string) => void = () => undefined, idleMs = 10_000, holdMs = 60_000) {
  const holder = new RedisReplyHolder(url, new MemoryReplyHolder({ holdMs, maxReplies: 100, maxChars: 100_000 }), { holdMs, idleMs, log });
  holders.push(holder);
  return holder;
}

const id = () => `r-${Date.now()}-${Math.random().toString(36).slice(2)}`;

describe("RedisReplyHolder against a real redis-server", () => {
  it("a second instance serves the rest of a reply the first is reading: from any index, live and after the end", async () => {
    const [a, b] = [instance(), instance()];
    const replyId = id();
    const writer = a.open(replyId, "visitor-a", () => undefined)!;
    for (const event of ["e0 ", "e1 ", "e2 "]) writer.push(event);
    await until(async () => (await b.read(replyId, "visitor-a", 0)) !== undefined);
    const { text, reader } = await readSome((await b.read(replyId, "visitor-a", 1))!, "e2");
    expect(text).toBe("e1 e2 ");
    writer.push("e3 ");
    writer.end();
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += next.value;
    expect(rest).toBe("e3 ");
    expect(await readAll((await b.read(replyId, "visitor-a", 2))!)).toBe("e2 e3 ");
    expect(await readAll((await b.read(replyId, "visitor-a", 4))!)).toBe("");
    expect(await readAll(writer.follow(0))).toBe("e0 e1 e2 e3 ");
  });

  it("answers nothing for another visitor or an unknown reply, and a stop on any instance reaches the reader", async () => {
    const [a, b] = [instance(), instance()];
    await Promise.all([a.listening, b.listening]);
    const replyId = id();
    let stopped = 0;
    const writer = a.open(replyId, "visitor-a", () => stopped++)!;
    writer.push("e0 ");
    await until(async () => (await b.read(replyId, "visitor-a", 0)) !== undefined);
    expect(await b.read(replyId, "visitor-b", 0)).toBeUndefined();
    expect(await b.read(id(), "visitor-a", 0)).toBeUndefined();
    expect(await b.stop(replyId, "visitor-b")).toBe(false);
    expect(await b.stop(replyId, "visitor-a")).toBe(true);
    await until(() => stopped === 1);
  });

  it("when Redis goes down mid-reply, the instance reading it keeps the whole reply and says so once", async () => {
    const own = await startRedisServer();
    const lines: string[] = [];
    const a = instance(own.url, (line) => lines.push(line));
    const replyId = id();
    const writer = a.open(replyId, "visitor-a", () => undefined)!;
    const follower = writer.follow(0);
    writer.push("e0 ");
    await until(async () => (await a.read(replyId, "visitor-a", 0)) !== undefined);
    await own.stop();
    for (const event of ["e1 ", "e2 ", "e3 "]) writer.push(event);
    writer.end();
    expect(await readAll(follower)).toBe("e0 e1 e2 e3 ");
    expect(await readAll((await a.read(replyId, "visitor-a", 2))!)).toBe("e2 e3 ");
    await until(() => lines.length > 0);
    expect(lines).toHaveLength(1);
  });

  it("a reader on another instance breaks off when the reply stops growing without an end (its writer is gone)", async () => {
    const [a, b] = [instance(), instance(redis.url, () => undefined, 300)];
    const replyId = id();
    a.open(replyId, "visitor-a", () => undefined)!.push("e0 ");
    await until(async () => (await b.read(replyId, "visitor-a", 0)) !== undefined);
    const reader = (await b.read(replyId, "visitor-a", 0))!.getReader();
    expect((await reader.read()).value).toBe("e0 ");
    await expect(reader.read()).rejects.toThrow(/stopped growing/);
  });

  it("a hold that lapses while it is being read answers nothing or the whole rest, never a reading that breaks off", async () => {
    // Another instance reads the replies back to back while their 200 ms holds lapse, so that some reads start with
    // the key there and find it gone a moment later: those must end as the reply did, not wait on a key that is gone.
    const [a, b] = [instance(redis.url, () => undefined, 10_000, 200), instance(redis.url, () => undefined, 500)];
    const replyIds = Array.from({ length: 8 }, () => id());
    for (const replyId of replyIds) {
      const writer = a.open(replyId, "visitor-a", () => undefined)!;
      for (const event of ["e0 ", "e1 ", "e2 "]) writer.push(event);
      writer.end();
    }
    const readsOf = async (replyId: string) => {
      const answers: string[] = [];
      for (;;) {
        const rest = await b.read(replyId, "visitor-a", 1);
        // Nothing before the first answer means the writes have not landed yet; after it, the hold has lapsed.
        if (!rest && answers.length > 0) return answers;
        if (!rest) continue;
        answers.push(await readAll(rest).catch((error: Error) => `broke off: ${error.message}`));
      }
    };
    const answers = (await Promise.all(replyIds.map(readsOf))).flat();
    expect(new Set(answers)).toEqual(new Set(["e1 e2 "]));
  });
});
