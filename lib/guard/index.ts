import type { GuardSettings } from "../config/index.ts";
import { clientAddress } from "./client-address.ts";
import { assertAllowedOrigin } from "./origin.ts";
import { MemoryStore, RateLimiter, rateLimitedError } from "./rate-limit.ts";
import { RedisStore } from "./redis-store.ts";

export interface RequestGuard {
  /** Throws the ApiError to answer with: 403 forbidden_origin, or 429 rate_limited. */
  check(request: Request): Promise<void>;
}

/** The checks /api/chat makes before any work: the caller's origin, then its rate. */
export function createGuard(settings: GuardSettings): RequestGuard {
  const limits = { perMinute: settings.ratePerMinute, perDay: settings.ratePerDay };
  const counting = limits.perMinute > 0 || limits.perDay > 0;
  const memory = new MemoryStore();
  // No connection to Redis when there is nothing to count.
  const limiter = new RateLimiter(settings.redisUrl && counting ? new RedisStore(settings.redisUrl) : memory, limits, { fallback: memory });
  return {
    async check(request) {
      assertAllowedOrigin(request.headers, settings.allowedOrigins);
      if (!limiter.enabled) return;
      const verdict = await limiter.check(clientAddress(request.headers, settings));
      if (!verdict.allowed) throw rateLimitedError(verdict);
    },
  };
}
