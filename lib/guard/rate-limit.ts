import { ApiError, type ErrorLocale } from "../http/api-error.ts";
import { en } from "../i18n/server.ts";
import { plural } from "../i18n/format.ts";

/** A count in one window, and how long until that window starts over. */
export interface WindowCount {
  count: number;
  resetInMs: number;
}

/** One window to count a request in: its key, its length, and how many requests it allows. */
export interface WindowSpec {
  key: string;
  windowMs: number;
  limit: number;
}

/**
 * Fixed windows that start at a client's first request. `hit` counts one request in each window in turn, in
 * one atomic step (one round trip to Redis), and stops at the first window over its limit: a refused request
 * does not spend the longer windows' allowance. It returns the counts of the windows it counted. Implemented
 * in memory (one process) and in Redis (shared by every instance).
 */
export interface CounterStore {
  hit(windows: readonly WindowSpec[]): Promise<WindowCount[]>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One process's counts. Expired windows are swept as it goes, and the number of keys is bounded. */
export class MemoryStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(options: { now?: () => number; maxKeys?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  get size(): number {
    return this.windows.size;
  }

  async hit(windows: readonly WindowSpec[]): Promise<WindowCount[]> {
    const counts: WindowCount[] = [];
    for (const { key, windowMs, limit } of windows) {
      const counted = this.hitOne(key, windowMs);
      counts.push(counted);
      if (counted.count > limit) break;
    }
    return counts;
  }

  private hitOne(key: string, windowMs: number): WindowCount {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.makeRoom(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  /** Drops expired windows; if every window is live, the oldest go (a flood of new addresses forgets old ones). */
  private makeRoom(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

export interface RateLimits {
  perMinute: number;
  perDay: number;
}

export type Verdict = { allowed: true } | { allowed: false; window: "minute" | "day"; retryAfterSeconds: number };

/**
 * Counts each client's requests in a one-minute and a one-day window (0 turns
 * a window off). When the shared store fails (Redis down), this process's own
 * counts take over, so the limit still holds per instance, and the owner is
 * told once per outage.
 */
export class RateLimiter {
  private readonly store: CounterStore;
  private readonly fallback: CounterStore;
  private readonly limits: RateLimits;
  private readonly log: (line: string) => void;
  private storeFailing = false;

  private readonly scope: string;

  /** `scope` keeps this limiter's counts apart from another's in the same store (`feedback` beside the chat's). */
  constructor(store: CounterStore, limits: RateLimits, options: { fallback?: CounterStore; log?: (line: string) => void; scope?: string } = {}) {
    this.store = store;
    this.scope = options.scope ? `${options.scope}:` : "";
    this.limits = limits;
    this.fallback = options.fallback ?? store;
    this.log = options.log ?? ((line) => console.error(line));
  }

  get enabled(): boolean {
    return this.limits.perMinute > 0 || this.limits.perDay > 0;
  }

  async check(client: string): Promise<Verdict> {
    const windows = (
      [
        ["minute", this.limits.perMinute, MINUTE_MS],
        ["day", this.limits.perDay, DAY_MS],
      ] as const
    ).filter(([, limit]) => limit > 0);
    if (windows.length === 0) return { allowed: true };
    // The client in braces is a Redis Cluster hash tag: both windows' keys sit in one slot, as one script needs.
    const counts = await this.hit(windows.map(([window, limit, windowMs]) => ({ key: `${this.scope}${window}:{${client}}`, windowMs, limit })));
    for (const [index, { count, resetInMs }] of counts.entries()) {
      const [window, limit] = windows[index];
      if (count > limit) return { allowed: false, window, retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) };
    }
    return { allowed: true };
  }

  private async hit(windows: WindowSpec[]): Promise<WindowCount[]> {
    if (this.store === this.fallback) return this.store.hit(windows);
    try {
      const counted = await this.store.hit(windows);
      if (this.storeFailing) this.log("[rate-limit] The shared store is back; counting there again.");
      this.storeFailing = false;
      return counted;
    } catch (error) {
      if (!this.storeFailing) {
        this.log(`[rate-limit] The shared store failed (${(error as Error).message}); counting in this instance's memory until it is back.`);
      }
      this.storeFailing = true;
      return this.fallback.hit(windows);
    }
  }
}

/** Our own 429: the same code as Chatbase's, which the page already shows, and words a visitor understands. */
export function rateLimitedError(verdict: Extract<Verdict, { allowed: false }>, route: "chat" | "feedback" | "history" = "chat"): ApiError {
  const words = ({ language, messages }: ErrorLocale) =>
    route === "feedback"
      ? messages.rateLimit.feedback
      : verdict.window === "minute"
        ? plural(language, messages.rateLimit.perMinute, verdict.retryAfterSeconds)
        : messages.rateLimit.perDay;
  return new ApiError(429, "rate_limited", words({ language: "en", messages: en }), { "Retry-After": String(verdict.retryAfterSeconds) }, words);
}
