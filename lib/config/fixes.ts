import {
  DEFAULT_BASE_URL,
  DEFAULT_FEEDBACK_PER_DAY,
  DEFAULT_FEEDBACK_PER_MINUTE,
  DEFAULT_RATE_PER_DAY,
  DEFAULT_RATE_PER_MINUTE,
  DEFAULT_REPLY_HOLD_SECONDS,
  DEFAULT_TIMEOUT_MS,
  type ConfigProblem,
} from "./index.ts";

/** How the owner fixes each variable, in the words `npm run doctor` and the development banner both use. */
const FIXES: Record<string, string> = {
  CHATBASE_API_KEY: "Set CHATBASE_API_KEY to a secret key from Chatbase (Workspace settings → API keys).",
  CHATBASE_CHATBOT_ID: "Set CHATBASE_CHATBOT_ID to the id on your chatbot's Settings page in Chatbase.",
  CHATBASE_API_VERSION: "Set CHATBASE_API_VERSION to v1 or v2, or remove it (v1).",
  CHATBASE_BASE_URL: `Remove CHATBASE_BASE_URL (the default is ${DEFAULT_BASE_URL}) or make it an http(s) URL.`,
  CHATBASE_TIMEOUT_MS: `Set CHATBASE_TIMEOUT_MS to milliseconds from 100 to 600000, or remove it (${DEFAULT_TIMEOUT_MS}).`,
  ALLOWED_ORIGINS: "Write ALLOWED_ORIGINS as origins such as https://shop.example, separated by commas, with no path.",
  RATE_LIMIT_PER_MINUTE: `Set RATE_LIMIT_PER_MINUTE to a whole number (0 turns the limit off), or remove it (${DEFAULT_RATE_PER_MINUTE}).`,
  RATE_LIMIT_PER_DAY: `Set RATE_LIMIT_PER_DAY to a whole number (0 turns the limit off), or remove it (${DEFAULT_RATE_PER_DAY}).`,
  FEEDBACK_RATE_LIMIT_PER_MINUTE: `Set FEEDBACK_RATE_LIMIT_PER_MINUTE to a whole number (0 turns the limit off), or remove it (${DEFAULT_FEEDBACK_PER_MINUTE}).`,
  FEEDBACK_RATE_LIMIT_PER_DAY: `Set FEEDBACK_RATE_LIMIT_PER_DAY to a whole number (0 turns the limit off), or remove it (${DEFAULT_FEEDBACK_PER_DAY}).`,
  BOT_PROTECTION: "Set BOT_PROTECTION to on or off (or simulate-bot / simulate-human to try both paths without Vercel), or remove it: on on Vercel, off elsewhere.",
  REDIS_URL: "Set REDIS_URL to the redis:// (or rediss://, with TLS) URL your Redis provider shows, or remove it.",
  TRUSTED_PROXY_HOPS: "Set TRUSTED_PROXY_HOPS to how many reverse proxies sit in front of the app (0 to 10); on Vercel leave it unset.",
  EMBED_ORIGINS: "Write EMBED_ORIGINS as the origins of your sites, such as https://shop.example, separated by commas, with no path.",
  CHAT_REPLY_HOLD_SECONDS: `Set CHAT_REPLY_HOLD_SECONDS to seconds from 1 to 86400, or remove it (${DEFAULT_REPLY_HOLD_SECONDS}).`,
  CHATBASE_IDENTITY_SECRET: "Copy the identity secret from Chatbase (Deploy → Chat widget → Embed) into CHATBASE_IDENTITY_SECRET whole, or remove it to leave identified visitors off.",
  FRAME_ANCESTORS: "Set FRAME_ANCESTORS to 'none', 'self' or origins such as https://shop.example.",
};

export function fixFor(variable: string): string {
  return FIXES[variable] ?? `Change ${variable} as the message says, or remove it to use the default.`;
}

/**
 * What the development banner lists: every configuration problem, with its
 * fix. Only under `next dev`; a production page never shows setup details.
 */
export function setupProblemsToShow(nodeEnv: string | undefined, problems: readonly ConfigProblem[]): (ConfigProblem & { fix: string })[] {
  if (nodeEnv !== "development") return [];
  return problems.map((problem) => ({ ...problem, fix: fixFor(problem.variable) }));
}
