import { PATH_ID_START } from "../chatbase/request.ts";
import { canonicalOrigin } from "./origin.ts";

export type ApiVersion = "v1" | "v2";

export interface ChatbaseSettings {
  apiKey: string;
  chatbotId: string;
  apiVersion: ApiVersion;
  baseUrl: string;
  timeoutMs: number;
}

/** Abuse limits and browser hardening, all optional. */
export interface GuardSettings {
  /** Origins besides the app's own that may call /api/chat from a browser (`https://example.com`). */
  allowedOrigins: string[];
  /** Requests to /api/chat per client address per minute and per day; 0 turns that limit off. */
  ratePerMinute: number;
  ratePerDay: number;
  /** The same for /api/feedback, counted apart: rating replies never uses up the chat's limit, nor the other way round. */
  feedbackPerMinute: number;
  feedbackPerDay: number;
  /** Where rate-limit counts live when several instances share one limit; unset keeps them in memory. */
  redisUrl?: string;
  /** Self-hosted: how many reverse proxies in front of the app append to X-Forwarded-For. */
  trustedProxyHops: number;
  /** CSP `frame-ancestors` sources; empty means no site may frame the page. */
  frameAncestors: string[];
  /** Sites (origins) whose pages may show the chat through embed.js, framing `/embed`; empty: none. */
  embedOrigins: string[];
  /** Vercel sets `VERCEL`; its edge then says who the client is. */
  onVercel: boolean;
  /** Vercel BotID on /api/chat and /api/feedback (`BOT_PROTECTION`): on by default on Vercel, where alone it works. */
  botProtection: BotProtection;
}

/**
 * `on`: BotID classifies each request to the two routes that spend credits. `off`: no check. The two
 * `simulate-*` values answer as BotID's documented development bypass does, without Vercel, so an owner (and
 * the tests) can see both paths: a visitor taken for a bot, and one taken for a person.
 */
export const BOT_PROTECTION_MODES = ["on", "off", "simulate-bot", "simulate-human"] as const;
export type BotProtection = (typeof BOT_PROTECTION_MODES)[number];

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * What the server runs as. `demo` needs nothing; `chatbase` is ready only when
 * no required setting has a problem (a key with no chatbot id, or an invalid value, keeps the
 * app up so that `/api/health` can say what to fix). `problems` names every bad value, blocking or not.
 */
export interface AppConfig {
  mode: "chatbase" | "demo";
  apiVersion: ApiVersion;
  baseUrl: string;
  timeoutMs: number;
  apiKey?: string;
  chatbotId?: string;
  missing: string[];
  problems: ConfigProblem[];
  guard: GuardSettings;
  /** Seconds a reply stays held after it ended, for a browser that lost its connection to pick it up. */
  replyHoldSeconds: number;
  /** CHATBASE_IDENTITY_SECRET: set, the owner's site can sign visitors in (lib/identity); unset or malformed, off. */
  identitySecret?: string;
}

export const DEFAULT_BASE_URL = "https://www.chatbase.co";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RATE_PER_MINUTE = 20;
export const DEFAULT_RATE_PER_DAY = 200;
/** A visitor rates a reply, changes their mind, clears it: three clicks per reply at the chat's own rate. */
export const DEFAULT_FEEDBACK_PER_MINUTE = 60;
export const DEFAULT_FEEDBACK_PER_DAY = 600;
export const DEFAULT_REPLY_HOLD_SECONDS = 600;

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readApiVersion(env: Env, problems: ConfigProblem[]): ApiVersion {
  const raw = read(env, "CHATBASE_API_VERSION");
  if (raw === undefined) return "v1";
  const value = raw.toLowerCase();
  if (value === "v1" || value === "v2") return value;
  problems.push({
    variable: "CHATBASE_API_VERSION",
    message: `CHATBASE_API_VERSION must be "v1" or "v2" (got "${raw}").`,
  });
  return "v1";
}

function readBaseUrl(env: Env, problems: ConfigProblem[]): string {
  const raw = read(env, "CHATBASE_BASE_URL");
  if (raw === undefined) return DEFAULT_BASE_URL;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
    return url.toString().replace(/\/+$/, "");
  } catch {
    problems.push({
      variable: "CHATBASE_BASE_URL",
      message: `CHATBASE_BASE_URL must be an http(s) URL such as ${DEFAULT_BASE_URL} (got "${raw}").`,
    });
    return DEFAULT_BASE_URL;
  }
}

function readTimeout(env: Env, problems: ConfigProblem[]): number {
  const raw = read(env, "CHATBASE_TIMEOUT_MS");
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 100 && value <= 600_000) return value;
  problems.push({
    variable: "CHATBASE_TIMEOUT_MS",
    message: `CHATBASE_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${raw}"); using the default, ${DEFAULT_TIMEOUT_MS}.`,
  });
  return DEFAULT_TIMEOUT_MS;
}

function readCount(env: Env, name: string, fallback: number, max: number, problems: ConfigProblem[]): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value <= max) return value;
  problems.push({ variable: name, message: `${name} must be a whole number from 0 to ${max} (got "${raw}"); using the default, ${fallback}.` });
  return fallback;
}

/** Tests shorten the hold to see a reply expire; a day is far beyond any reconnection worth waiting for. */
function readReplyHold(env: Env, problems: ConfigProblem[]): number {
  const raw = read(env, "CHAT_REPLY_HOLD_SECONDS");
  if (raw === undefined) return DEFAULT_REPLY_HOLD_SECONDS;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= 1 && value <= 86_400) return value;
  problems.push({
    variable: "CHAT_REPLY_HOLD_SECONDS",
    message: `CHAT_REPLY_HOLD_SECONDS must be a whole number of seconds from 1 to 86400 (got "${raw}"); using the default, ${DEFAULT_REPLY_HOLD_SECONDS}.`,
  });
  return DEFAULT_REPLY_HOLD_SECONDS;
}

/**
 * The identity secret from Chatbase's dashboard. Its exact form is not documented, so only what any real one
 * has is required: 16 to 512 visible ASCII characters. The message never quotes it: it is a secret.
 */
function readIdentitySecret(env: Env, problems: ConfigProblem[]): string | undefined {
  const raw = read(env, "CHATBASE_IDENTITY_SECRET");
  if (raw === undefined) return undefined;
  if (/^[\x21-\x7e]{16,512}$/.test(raw)) return raw;
  problems.push({
    variable: "CHATBASE_IDENTITY_SECRET",
    message: "CHATBASE_IDENTITY_SECRET must be 16 to 512 visible characters with no spaces, as copied from Chatbase; identified visitors are off until it is.",
  });
  return undefined;
}

function list(raw: string | undefined): string[] {
  return (raw ?? "").split(/[\s,]+/).filter(Boolean);
}

/**
 * `https://example.com` (scheme, host, optional port; nothing else), kept the way browsers send `Origin`.
 * A malformed entry is dropped and named: it never widens access, and the other entries still work.
 */
function readOrigins(env: Env, name: string, problems: ConfigProblem[]): string[] {
  const origins: string[] = [];
  for (const entry of list(read(env, name))) {
    const origin = canonicalOrigin(entry);
    if (origin) origins.push(origin);
    else {
      problems.push({
        variable: name,
        message: `${name} must be a comma-separated list of origins such as https://example.com, without paths (got "${entry}"); that entry is ignored.`,
      });
    }
  }
  return origins;
}

function readRedisUrl(env: Env, problems: ConfigProblem[]): string | undefined {
  const raw = read(env, "REDIS_URL");
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === "redis:" || url.protocol === "rediss:") return raw;
  } catch {
    // Reported below; the URL may hold a password, so it is not quoted.
  }
  problems.push({ variable: "REDIS_URL", message: "REDIS_URL must be a redis:// or rediss:// URL; counting in this instance's memory instead." });
  return undefined;
}

/** CSP source expressions: `'self'`, `https://example.com`, `https://*.example.com`. */
const FRAME_SOURCE = /^('self'|https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?)$/i;

function readFrameAncestors(env: Env, problems: ConfigProblem[]): string[] {
  // Shells and dashboards often drop the quotes: `none` and `self` mean the keywords.
  const sources = list(read(env, "FRAME_ANCESTORS")).map((source) => (/^(none|self)$/i.test(source) ? `'${source.toLowerCase()}'` : source));
  if (sources.length === 1 && sources[0] === "'none'") return [];
  const valid: string[] = [];
  for (const source of sources) {
    if (FRAME_SOURCE.test(source)) valid.push(source.toLowerCase());
    else {
      problems.push({
        variable: "FRAME_ANCESTORS",
        message: `FRAME_ANCESTORS must be 'none', 'self' or origins such as https://example.com, separated by spaces or commas (got "${source}"); that entry is ignored.`,
      });
    }
  }
  return valid;
}

function readBotProtection(env: Env, onVercel: boolean, problems: ConfigProblem[]): BotProtection {
  const fallback: BotProtection = onVercel ? "on" : "off";
  const raw = read(env, "BOT_PROTECTION");
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if ((BOT_PROTECTION_MODES as readonly string[]).includes(value)) return value as BotProtection;
  problems.push({
    variable: "BOT_PROTECTION",
    message: `BOT_PROTECTION must be one of ${BOT_PROTECTION_MODES.join(", ")} (got "${raw}"); using the default here, ${fallback}.`,
  });
  return fallback;
}

function readGuard(env: Env, problems: ConfigProblem[]): GuardSettings {
  const onVercel = read(env, "VERCEL") !== undefined;
  return {
    allowedOrigins: readOrigins(env, "ALLOWED_ORIGINS", problems),
    ratePerMinute: readCount(env, "RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_PER_MINUTE, 1_000_000, problems),
    ratePerDay: readCount(env, "RATE_LIMIT_PER_DAY", DEFAULT_RATE_PER_DAY, 100_000_000, problems),
    feedbackPerMinute: readCount(env, "FEEDBACK_RATE_LIMIT_PER_MINUTE", DEFAULT_FEEDBACK_PER_MINUTE, 1_000_000, problems),
    feedbackPerDay: readCount(env, "FEEDBACK_RATE_LIMIT_PER_DAY", DEFAULT_FEEDBACK_PER_DAY, 100_000_000, problems),
    redisUrl: readRedisUrl(env, problems),
    trustedProxyHops: readCount(env, "TRUSTED_PROXY_HOPS", 0, 10, problems),
    frameAncestors: readFrameAncestors(env, problems),
    embedOrigins: readOrigins(env, "EMBED_ORIGINS", problems),
    onVercel,
    botProtection: readBotProtection(env, onVercel, problems),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: ConfigProblem[] = [];
  const apiVersion = readApiVersion(env, problems);
  const baseUrl = readBaseUrl(env, problems);
  const timeoutMs = readTimeout(env, problems);
  const guard = readGuard(env, problems);
  const replyHoldSeconds = readReplyHold(env, problems);
  const identitySecret = readIdentitySecret(env, problems);
  const apiKey = read(env, "CHATBASE_API_KEY");
  const chatbotId = read(env, "CHATBASE_CHATBOT_ID");

  if (apiKey === undefined) {
    return { mode: "demo", apiVersion, baseUrl, timeoutMs, missing: [], problems, guard, replyHoldSeconds, identitySecret };
  }
  const missing = chatbotId === undefined ? ["CHATBASE_CHATBOT_ID"] : [];
  for (const variable of missing) {
    problems.push({
      variable,
      message: `${variable} is not set: CHATBASE_API_KEY is set, so the app needs the chatbot id too.`,
    });
  }
  if (chatbotId !== undefined && !PATH_ID_START.test(chatbotId)) {
    problems.push({
      variable: "CHATBASE_CHATBOT_ID",
      message: `CHATBASE_CHATBOT_ID must start with a letter or digit, as Chatbase's ids do (got "${chatbotId}").`,
    });
  }
  return { mode: "chatbase", apiVersion, baseUrl, timeoutMs, apiKey, chatbotId, missing, problems, guard, replyHoldSeconds, identitySecret };
}

/**
 * The settings chat cannot work without: a problem with one of these refuses chat (503 `not_configured`).
 * Any other bad value has already fallen back to its safe default, or its bad entries were dropped.
 */
export const REQUIRED_VARIABLES: readonly string[] = ["CHATBASE_API_KEY", "CHATBASE_CHATBOT_ID", "CHATBASE_API_VERSION", "CHATBASE_BASE_URL"];

/** The problems that keep chat from working, as opposed to those a default stands in for. */
export function blockingProblems(config: Pick<AppConfig, "problems">): ConfigProblem[] {
  return config.problems.filter((problem) => REQUIRED_VARIABLES.includes(problem.variable));
}

/** The settings `lib/chatbase` needs, or undefined while a required one is missing or wrong. */
export function chatbaseSettings(config: AppConfig): ChatbaseSettings | undefined {
  if (blockingProblems(config).length > 0) return undefined;
  return {
    apiKey: config.apiKey ?? "",
    chatbotId: config.chatbotId ?? "demo-chatbot",
    apiVersion: config.apiVersion,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
  };
}
