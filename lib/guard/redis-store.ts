import { Redis } from "ioredis";
import type { CounterStore, WindowCount, WindowSpec } from "./rate-limit.ts";

/**
 * For each window in turn (ARGV: its length in ms, then its limit): INCR, the expiry set on its first hit,
 * and the time left; stops after the first window over its limit. One script: one round trip, atomic.
 */
const HIT = `
local out = {}
for i, key in ipairs(KEYS) do
  local windowMs = tonumber(ARGV[2 * i - 1])
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, windowMs); ttl = windowMs end
  out[#out + 1] = count
  out[#out + 1] = ttl
  if count > tonumber(ARGV[2 * i]) then break end
end
return out
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

  async hit(windows: readonly WindowSpec[]): Promise<WindowCount[]> {
    const keys = windows.map(({ key }) => KEY_PREFIX + key);
    const args = windows.flatMap(({ windowMs, limit }) => [windowMs, limit]);
    const flat = (await this.redis.eval(HIT, keys.length, ...keys, ...args)) as number[];
    const counts: WindowCount[] = [];
    for (let i = 0; i < flat.length; i += 2) counts.push({ count: flat[i], resetInMs: flat[i + 1] });
    return counts;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
