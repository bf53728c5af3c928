import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedisServer, type RunningRedis } from "../test-support/redis-server.ts";
import { MemoryStore, RateLimiter } from "./rate-limit.ts";
import { Redis } from "ioredis";
import { RedisStore } from "./redis-store.ts";

let redis: RunningRedis;
let url: string;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  url = redis.url;
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  redis?.stop();
});

const store = (target = url, commandTimeoutMs?: number) => {
  const created = new RedisStore(target, { commandTimeoutMs });
  stores.push(created);
  return created;
};

describe("RedisStore against a real redis-server", () => {
  it("counts atomically and sets the window's expiry on its first hit", async () => {
    const redisStore = store();
    const key = `k-${Date.now()}`;
    const counts = (await Promise.all(Array.from({ length: 50 }, () => redisStore.hit([{ key, windowMs: 60_000, limit: 100 }])))).flat();
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const { resetInMs } of counts) {
      expect(resetInMs).toBeGreaterThan(55_000);
      expect(resetInMs).toBeLessThanOrEqual(60_000);
    }
  });

  it("starts a new window once the old one expires", async () => {
    const redisStore = store();
    const key = `short-${Date.now()}`;
    await redisStore.hit([{ key, windowMs: 50, limit: 100 }]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await redisStore.hit([{ key, windowMs: 60_000, limit: 100 }]))[0].count).toBe(1);
  });

  it("counts the minute and the day in one round trip, and a request over the minute's limit spends nothing of the day", async () => {
    const redisStore = store();
    const client = `both-${Date.now()}`;
    const windows = [
      { key: `minute:{${client}}`, windowMs: 60_000, limit: 2 },
      { key: `day:{${client}}`, windowMs: 86_400_000, limit: 100 },
    ];
    const probe = new Redis(url);
    const evals = async () => Number((await probe.info("commandstats")).match(/^cmdstat_eval:calls=(\d+)/m)?.[1] ?? 0);
    try {
      const before = await evals();
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await redisStore.hit(windows)).map((w) => w.count));
      expect(await evals()).toBe(before + 4);
      expect(results).toEqual([[1, 1], [2, 2], [3], [4]]);
      expect(Number(await probe.get(`chat:rate:day:{${client}}`))).toBe(2);
      expect(await probe.pttl(`chat:rate:day:{${client}}`)).toBeGreaterThan(86_000_000);
    } finally {
      probe.disconnect();
    }
  });

  it("two limiters (two instances) share one limit", async () => {
    const limits = { perMinute: 4, perDay: 0 };
    const first = new RateLimiter(store(), limits);
    const second = new RateLimiter(store(), limits);
    const client = `shared-${Date.now()}`;
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push(await first.check(client), await second.check(client));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, true, false, false]);
  });

  it("fails fast when Redis is not there, and the limiter falls back to memory", async () => {
    const dead = store(`redis://127.0.0.1:${await freePort()}`);
    const lines: string[] = [];
    const limiter = new RateLimiter(dead, { perMinute: 1, perDay: 0 }, { fallback: new MemoryStore(), log: (line) => lines.push(line) });
    const started = Date.now();
    expect((await limiter.check("a")).allowed).toBe(true);
    expect((await limiter.check("a")).allowed).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines).toHaveLength(1);
  });
});
