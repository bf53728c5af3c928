import type { GuardSettings } from "../config/index.ts";
import { clientAddress } from "./client-address.ts";
import { ApiError } from "../http/api-error.ts";
import { en } from "../i18n/server.ts";
import { assertAllowedOrigin } from "./origin.ts";
import { MemoryStore, RateLimiter, rateLimitedError, type RateLimits } from "./rate-limit.ts";
import { RedisStore } from "./redis-store.ts";

/** The routes that spend the owner's Chatbase key; each has its own limits. */
export type GuardedRoute = "chat" | "feedback" | "history";

export interface RequestGuard {
  /** Throws the ApiError to answer with: 403 forbidden_origin, or 429 rate_limited. */
  check(request: Request, route: GuardedRoute): Promise<void>;
}

/**
 * The checks /api/chat and /api/feedback make before any work: the caller's origin, then its rate. Each
 * route counts apart (thumbs clicks never use up a visitor's messages), in the same store.
 */
export function createGuard(settings: GuardSettings): RequestGuard {
  const limits: Record<GuardedRoute, RateLimits> = {
    chat: { perMinute: settings.ratePerMinute, perDay: settings.ratePerDay },
    feedback: { perMinute: settings.feedbackPerMinute, perDay: settings.feedbackPerDay },
    // A signed-in visitor's history: a list when the chat opens and one read per conversation opened, at most
    // as often as ratings, and counted apart so reading history never uses up messages.
    history: { perMinute: settings.feedbackPerMinute, perDay: settings.feedbackPerDay },
  };
  const counting = Object.values(limits).some(({ perMinute, perDay }) => perMinute > 0 || perDay > 0);
  const memory = new MemoryStore();
  // No connection to Redis when there is nothing to count; one connection for both routes when there is.
  const store = settings.redisUrl && counting ? new RedisStore(settings.redisUrl) : memory;
  const limiters: Record<GuardedRoute, RateLimiter> = {
    chat: new RateLimiter(store, limits.chat, { fallback: memory }),
    feedback: new RateLimiter(store, limits.feedback, { fallback: memory, scope: "feedback" }),
    history: new RateLimiter(store, limits.history, { fallback: memory, scope: "history" }),
  };
  return {
    async check(request, route) {
      assertAllowedOrigin(request.headers, settings.allowedOrigins);
      const limiter = limiters[route];
      if (!limiter.enabled) return;
      const client = clientAddress(request.headers, settings);
      if (client === undefined) throw unplacedClientError();
      const verdict = await limiter.check(client);
      if (!verdict.allowed) throw rateLimitedError(verdict, route);
    },
  };
}

/**
 * A request the limiter cannot place (no peer address, say a hook that did not run): it is refused on its own,
 * and logged, rather than counted with every other such request in one bucket anyone could fill.
 */
function unplacedClientError(): ApiError {
  console.error("[rate-limit] Refused a request whose client address could not be told; see the README's Security section.");
  return new ApiError(500, "internal_error", en.apiErrors.internal_error);
}
