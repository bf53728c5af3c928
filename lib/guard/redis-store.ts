import { Redis } from "ioredis";
import type { CounterStore, WindowCount } from "./rate-limit.ts";

/** INCR and, on a window's first hit, PEXPIRE, in one atomic step; returns the count and the time left. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

const KEY_PREFIX = "chat:rate:";

/**
 * Counts in Redis, so that every instance (each serverless function on
 * Vercel) shares one limit. A command waits for a connection being made (a
 * cold start), but fails as soon as one attempt to connect fails, and never
 * after more than `commandTimeoutMs`: a visitor is not kept waiting for the limiter.
 */
export class RedisStore implements CounterStore {
  private readonly redis: Redis;

  constructor(url: string, options: { commandTimeoutMs?: number } = {}) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    });
    // Failures reach the caller of `hit`, which logs them; without a listener ioredis would print each retry.
    this.redis.on("error", () => undefined);
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, KEY_PREFIX + key, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
