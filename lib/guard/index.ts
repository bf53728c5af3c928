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
  const memory = new MemoryStore();
  const limiter = new RateLimiter(
    settings.redisUrl ? new RedisStore(settings.redisUrl) : memory,
    { perMinute: settings.ratePerMinute, perDay: settings.ratePerDay },
    { fallback: memory },
  );
  return {
    async check(request) {
      assertAllowedOrigin(request.headers, settings.allowedOrigins);
      if (!limiter.enabled) return;
      const verdict = await limiter.check(clientAddress(request.headers, settings));
      if (!verdict.allowed) throw rateLimitedError(verdict);
    },
  };
}
