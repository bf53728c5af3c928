/**
 * The servers the e2e and route tests run against, all on loopback: the
 * Chatbase stand-in and one built app (`next start`) per configuration.
 */
/** Set E2E_PORT_BASE to run a second copy of the suite on the same machine without clashing. */
const BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
export const STANDIN_PORT = BASE + 110;
export const STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}`;

/** A marker key: tests assert it never appears in anything the app sends. */
export const TEST_API_KEY = "sk-e2e-MARKER-7f3a9c1e5b";
export const TEST_CHATBOT_ID = "e2e-bot";
export const UPSTREAM_TIMEOUT_MS = 1_500;

/** A real redis-server for the apps that share one limit; nothing listens on REDIS_DOWN_PORT. */
export const REDIS_PORT = BASE + 20;
const REDIS_DOWN_PORT = BASE + 21;
/** A redis-server only the resumeFragile app uses, which its test shuts down mid-reply. */
export const FRAGILE_REDIS_PORT = BASE + 22;
/** The resume apps let a finished reply go after this many seconds, so that a test can watch one expire. */
export const SHORT_HOLD_SECONDS = 5;

/** Every test comes from 127.0.0.1: the apps other tests use have the rate limit off. */
const NO_LIMITS = { RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_DAY: "0" };
const V1 = { CHATBASE_API_KEY: TEST_API_KEY, CHATBASE_CHATBOT_ID: TEST_CHATBOT_ID, CHATBASE_BASE_URL: STANDIN_URL };
/** Behind one trusted proxy: tests play several visitors by the address "the proxy" appends. */
const SHARED_LIMIT = { ...V1, REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`, TRUSTED_PROXY_HOPS: "1", RATE_LIMIT_PER_MINUTE: "4", RATE_LIMIT_PER_DAY: "0" };

export const EMBEDDING_ORIGIN = "https://shop.example";
/** As an owner would type it: capitals, and a stray entry that is no origin (dropped and named, chat still answers). */
export const MESSY_EMBED_ORIGINS = "https://Shop.EXAMPLE, not-an-origin";
/**
 * Pages of "other sites" for browser tests, served on loopback by the tests themselves and addressed as
 * localhost, another site than 127.0.0.1. The v1 app allows the first one (ALLOWED_ORIGINS).
 */
export const ALLOWED_PAGE_ORIGIN = `http://localhost:${BASE + 50}`;
export const OTHER_PAGE_ORIGIN = `http://localhost:${BASE + 51}`;
/**
 * Owners' sites showing the chat with embed.js, one per test worker (Playwright's parallelIndex) so that
 * parallel tests never share a port. The v1 and branded apps list the first pair in EMBED_ORIGINS; the second are not.
 */
export const EMBED_WORKERS = 2;
export const embedSiteOrigin = (parallelIndex: number) => `http://localhost:${BASE + 52 + parallelIndex}`;
export const unlistedSiteOrigin = (parallelIndex: number) => `http://localhost:${BASE + 52 + EMBED_WORKERS + parallelIndex}`;
const EMBED_ORIGINS = Array.from({ length: EMBED_WORKERS }, (_, index) => embedSiteOrigin(index)).join(",");
/**
 * Identified visitors: the identity secret (a marker, like the key: it must never reach a browser or a log) and
 * the owner's sites that sign their visitors in, one per test worker.
 */
export const TEST_IDENTITY_SECRET = "idsecret-e2e-MARKER-3b8d2f6a41c9";
export const identitySiteOrigin = (parallelIndex: number) => `http://localhost:${BASE + 32 + parallelIndex}`;
const IDENTITY_EMBED_ORIGINS = Array.from({ length: EMBED_WORKERS }, (_, index) => identitySiteOrigin(index)).join(",");
export const RATE_LIMITS = { limited: 3, sharedPerMinute: 4, proxiedPerDay: 2, ratedPerMinute: 5, ratedFeedbackPerMinute: 60 } as const;

export const APPS = {
  demo: { port: BASE + 0, env: { ...NO_LIMITS } },
  v1: { port: BASE + 1, env: { ...V1, ...NO_LIMITS, ALLOWED_ORIGINS: ALLOWED_PAGE_ORIGIN, EMBED_ORIGINS } },
  v2: { port: BASE + 2, env: { ...V1, CHATBASE_API_VERSION: "v2", ...NO_LIMITS } },
  unconfigured: { port: BASE + 3, env: { CHATBASE_API_KEY: TEST_API_KEY, ...NO_LIMITS } },
  /** Port 9 on loopback has nothing listening: every call to "Chatbase" is refused. */
  unreachable: { port: BASE + 4, env: { ...V1, CHATBASE_BASE_URL: "http://127.0.0.1:9", ...NO_LIMITS } },
  /** The default setup, self-hosted without a proxy, with a small per-minute limit counted in memory. */
  limited: { port: BASE + 5, env: { ...V1, RATE_LIMIT_PER_MINUTE: String(RATE_LIMITS.limited), RATE_LIMIT_PER_DAY: "0" } },
  /**
   * Behind one trusted proxy, with a daily limit, one allowed embedding site, and framing allowed to it; its
   * embed list is written the way an owner might, with a capital letter and a bad entry.
   */
  proxied: {
    port: BASE + 6,
    env: {
      ...V1,
      TRUSTED_PROXY_HOPS: "1",
      RATE_LIMIT_PER_MINUTE: "0",
      RATE_LIMIT_PER_DAY: String(RATE_LIMITS.proxiedPerDay),
      ALLOWED_ORIGINS: EMBEDDING_ORIGIN,
      FRAME_ANCESTORS: `'self' ${EMBEDDING_ORIGIN}`,
      EMBED_ORIGINS: MESSY_EMBED_ORIGINS,
    },
  },
  /** Two instances sharing one limit in Redis, as serverless instances would. */
  sharedA: { port: BASE + 7, env: SHARED_LIMIT },
  sharedB: { port: BASE + 8, env: SHARED_LIMIT },
  /** REDIS_URL set but Redis down: each instance keeps limiting in memory. */
  redisDown: { port: BASE + 9, env: { ...SHARED_LIMIT, REDIS_URL: `redis://127.0.0.1:${REDIS_DOWN_PORT}`, RATE_LIMIT_PER_MINUTE: "2" } },
  /**
   * Only the abort test talks to this one, so that its open handles can be counted. A hundred replies open at
   * once on a busy machine can take longer than the other apps' short upstream timeout to start; this test is
   * about visitors leaving, so its app waits as long as a deployment would.
   */
  abort: { port: BASE + 10, env: { ...V1, ...NO_LIMITS, CHATBASE_TIMEOUT_MS: "30000" } },
  /**
   * v2 with a small chat limit and the default feedback limit, counted in the shared Redis behind one trusted
   * proxy: each test plays its own visitor, and feedback must never use up the chat's count.
   */
  rated: {
    port: BASE + 12,
    env: { ...SHARED_LIMIT, CHATBASE_API_VERSION: "v2", RATE_LIMIT_PER_MINUTE: String(RATE_LIMITS.ratedPerMinute) },
  },
  /** Vercel BotID through its documented development bypass: every request is taken for a bot. */
  botBlocked: { port: BASE + 13, env: { ...V1, CHATBASE_API_VERSION: "v2", ...NO_LIMITS, BOT_PROTECTION: "simulate-bot" } },
  /** Two instances holding replies in one Redis: a reply the first reads, the second serves and stops. */
  resumeA: { port: BASE + 14, env: { ...V1, ...NO_LIMITS, REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`, CHAT_REPLY_HOLD_SECONDS: String(SHORT_HOLD_SECONDS) } },
  resumeB: { port: BASE + 15, env: { ...V1, ...NO_LIMITS, REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`, CHAT_REPLY_HOLD_SECONDS: String(SHORT_HOLD_SECONDS) } },
  /** Holds replies in a Redis that its test shuts down mid-reply. */
  resumeFragile: { port: BASE + 16, env: { ...V1, ...NO_LIMITS, REDIS_URL: `redis://127.0.0.1:${FRAGILE_REDIS_PORT}` } },
  /** v2 with CHATBASE_IDENTITY_SECRET: signed-in visitors on the identity sites, and their history from Chatbase. */
  identity: {
    port: BASE + 30,
    env: { ...V1, CHATBASE_API_VERSION: "v2", ...NO_LIMITS, EMBED_ORIGINS: IDENTITY_EMBED_ORIGINS, CHATBASE_IDENTITY_SECRET: TEST_IDENTITY_SECRET },
  },
  /** The owner's branding, set through the environment. */
  branded: {
    port: BASE + 11,
    env: {
      ...V1,
      ...NO_LIMITS,
      CHAT_BOT_NAME: "Acme Helper",
      CHAT_WELCOME_MESSAGE: "Welcome to Acme! Ask about orders, returns or opening hours.",
      CHAT_STARTER_PROMPTS: "Where is my order?|What are your opening hours?|How do returns work?|Talk to a human",
      CHAT_ACCENT_COLOR: "#fde047",
      CHAT_AVATAR_URL: "/icon.svg",
      EMBED_ORIGINS,
    },
  },
} as const;

export type AppName = keyof typeof APPS;

export const appUrl = (name: AppName) => `http://127.0.0.1:${APPS[name].port}`;

/** Where each app server's output goes (stdout and stderr), for the tests that read the logs. */
export const LOG_DIR = ".test-results";
export const serverLog = (name: AppName) => `${LOG_DIR}/server-${name}.log`;
