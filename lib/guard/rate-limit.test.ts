import { describe, expect, it } from "vitest";
import { MemoryStore, RateLimiter, rateLimitedError, type CounterStore } from "./rate-limit.ts";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function hits(limiter: RateLimiter, client: string, count: number) {
  const verdicts = [];
  for (let i = 0; i < count; i++) verdicts.push(await limiter.check(client));
  return verdicts;
}

describe("RateLimiter with the memory store", () => {
  it("allows the per-minute number, then refuses with the seconds left in the window", async () => {
    const time = clock();
    const limiter = new RateLimiter(new MemoryStore({ now: time.now }), { perMinute: 3, perDay: 0 });
    expect((await hits(limiter, "a", 3)).every((v) => v.allowed)).toBe(true);
    time.advance(20_000);
    expect(await limiter.check("a")).toEqual({ allowed: false, window: "minute", retryAfterSeconds: 40 });
    expect((await limiter.check("b")).allowed).toBe(true);
    time.advance(40_000);
    expect((await limiter.check("a")).allowed).toBe(true);
  });

  it("holds the daily limit across minutes, until the day's window ends", async () => {
    const time = clock();
    const limiter = new RateLimiter(new MemoryStore({ now: time.now }), { perMinute: 2, perDay: 3 });
    await hits(limiter, "a", 2);
    time.advance(60_000);
    expect((await limiter.check("a")).allowed).toBe(true);
    expect(await limiter.check("a")).toMatchObject({ allowed: false, window: "day", retryAfterSeconds: 86_400 - 60 });
    time.advance(86_400_000);
    expect((await limiter.check("a")).allowed).toBe(true);
  });

  it("with both limits at 0 is off", async () => {
    const limiter = new RateLimiter(new MemoryStore(), { perMinute: 0, perDay: 0 });
    expect(limiter.enabled).toBe(false);
    expect((await hits(limiter, "a", 1000)).every((v) => v.allowed)).toBe(true);
  });

  it("a refused request does not spend the day's allowance", async () => {
    const time = clock();
    const limiter = new RateLimiter(new MemoryStore({ now: time.now }), { perMinute: 1, perDay: 2 });
    await hits(limiter, "a", 10);
    time.advance(60_000);
    expect((await limiter.check("a")).allowed).toBe(true);
  });
});

describe("MemoryStore", () => {
  it("keeps at most maxKeys windows, dropping expired ones first, then the oldest", async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now, maxKeys: 3 });
    const one = (key: string, windowMs: number) => store.hit([{ key, windowMs, limit: 100 }]).then(([counted]) => counted);
    await one("old", 1_000);
    time.advance(2_000);
    for (const key of ["a", "b", "c", "d"]) await one(key, 60_000);
    expect(store.size).toBe(3);
    expect((await one("d", 60_000)).count).toBe(2);
    expect((await one("a", 60_000)).count).toBe(1);
  });

  it("counts each window in turn and stops at the first over its limit", async () => {
    const store = new MemoryStore();
    const windows = [
      { key: "m", windowMs: 60_000, limit: 1 },
      { key: "d", windowMs: 86_400_000, limit: 10 },
    ];
    expect((await store.hit(windows)).map((w) => w.count)).toEqual([1, 1]);
    expect((await store.hit(windows)).map((w) => w.count)).toEqual([2]);
    expect((await store.hit(windows.slice(1))).map((w) => w.count)).toEqual([2]);
  });
});

describe("RateLimiter when the shared store fails", () => {
  const broken: CounterStore = { hit: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")) };

  it("counts in memory instead, still refusing, and logs once per outage", async () => {
    const lines: string[] = [];
    const limiter = new RateLimiter(broken, { perMinute: 2, perDay: 0 }, { fallback: new MemoryStore(), log: (line) => lines.push(line) });
    const verdicts = await hits(limiter, "a", 3);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, false]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("ECONNREFUSED");
  });
});

describe("rateLimitedError", () => {
  it("is a 429 rate_limited with Retry-After and words a visitor understands", () => {
    const minute = rateLimitedError({ allowed: false, window: "minute", retryAfterSeconds: 42 });
    expect(minute).toMatchObject({ status: 429, code: "rate_limited", headers: { "Retry-After": "42" } });
    expect(minute.message).toBe("You're sending messages too quickly. Please wait 42 seconds and try again.");
    expect(rateLimitedError({ allowed: false, window: "minute", retryAfterSeconds: 1 }).message).toContain("1 second and");
    expect(rateLimitedError({ allowed: false, window: "day", retryAfterSeconds: 3600 }).message).toContain("come back tomorrow");
  });
});
