import { loadBranding } from "../config/branding.ts";
import { fixFor } from "../config/fixes.ts";
import {
  DEFAULT_BASE_URL,
  DEFAULT_FEEDBACK_PER_DAY,
  DEFAULT_FEEDBACK_PER_MINUTE,
  DEFAULT_RATE_PER_DAY,
  DEFAULT_RATE_PER_MINUTE,
  DEFAULT_TIMEOUT_MS,
  type AppConfig,
  type ConfigProblem,
} from "../config/index.ts";
import { maskSecret, type CheckLine, type Env } from "./types.ts";

/** The variables every deployment has, shown even when unset so the owner sees what applies. */
const CORE: { name: string; unset: string }[] = [
  { name: "CHATBASE_API_KEY", unset: "" },
  { name: "CHATBASE_CHATBOT_ID", unset: "needed once CHATBASE_API_KEY is set" },
  { name: "CHATBASE_API_VERSION", unset: "v1" },
  { name: "CHATBASE_BASE_URL", unset: DEFAULT_BASE_URL },
  { name: "CHATBASE_TIMEOUT_MS", unset: String(DEFAULT_TIMEOUT_MS) },
  { name: "ALLOWED_ORIGINS", unset: "no other site may call /api/chat" },
  { name: "RATE_LIMIT_PER_MINUTE", unset: String(DEFAULT_RATE_PER_MINUTE) },
  { name: "RATE_LIMIT_PER_DAY", unset: String(DEFAULT_RATE_PER_DAY) },
  { name: "FEEDBACK_RATE_LIMIT_PER_MINUTE", unset: String(DEFAULT_FEEDBACK_PER_MINUTE) },
  { name: "FEEDBACK_RATE_LIMIT_PER_DAY", unset: String(DEFAULT_FEEDBACK_PER_DAY) },
  { name: "REDIS_URL", unset: "rate-limit counts kept in memory, per instance" },
  { name: "TRUSTED_PROXY_HOPS", unset: "0" },
  { name: "FRAME_ANCESTORS", unset: "'none': no site may frame the page" },
  { name: "EMBED_ORIGINS", unset: "no site may show the chat with embed.js" },
  { name: "BOT_PROTECTION", unset: "Vercel BotID on when deployed on Vercel, off elsewhere" },
  { name: "CHATBASE_IDENTITY_SECRET", unset: "identified visitors off: every visitor chats anonymously" },
];

/** Shown only when set: unset, the page simply uses its default look. */
const BRANDING = ["CHAT_BOT_NAME", "CHAT_WELCOME_MESSAGE", "CHAT_STARTER_PROMPTS", "CHAT_ACCENT_COLOR", "CHAT_AVATAR_URL"];

/** How a valid value is shown: secrets masked, a Redis URL without its password, lists as parsed. */
function shown(name: string, raw: string, config: AppConfig): string {
  switch (name) {
    case "CHATBASE_API_KEY":
      return `set (${maskSecret(raw)})`;
    // Not even its last characters: whoever has it can sign in as any of the owner's customers.
    case "CHATBASE_IDENTITY_SECRET":
      return `set (${raw.length} characters; identified visitors on${config.apiVersion === "v2" ? ", with their history from Chatbase" : ", as the contact's external_id (v1 lists no history)"})`;
    case "REDIS_URL": {
      const url = new URL(raw);
      return `${url.protocol}//${url.hostname}:${url.port || "6379"}${url.password ? " (with a password)" : ""}`;
    }
    case "ALLOWED_ORIGINS":
      return `${config.guard.allowedOrigins.join(", ")} (${config.guard.allowedOrigins.length} origin${config.guard.allowedOrigins.length === 1 ? "" : "s"})`;
    case "EMBED_ORIGINS":
      return `${config.guard.embedOrigins.join(", ")} (${config.guard.embedOrigins.length} origin${config.guard.embedOrigins.length === 1 ? "" : "s"})`;
    case "FRAME_ANCESTORS":
      return config.guard.frameAncestors.length === 0 ? "'none'" : config.guard.frameAncestors.join(" ");
    default:
      return raw.length > 80 ? `${raw.slice(0, 77)}…` : raw;
  }
}

function line(name: string, raw: string | undefined, unset: string, problems: ConfigProblem[], config: AppConfig): CheckLine {
  if (problems.length > 0) return { ok: false, text: `${name}: ${problems.map((problem) => problem.message).join(" ")}`, fix: fixFor(name) };
  if (raw !== undefined) return { ok: true, text: `${name} = ${shown(name, raw, config)}` };
  if (name === "CHATBASE_API_KEY") {
    return { ok: false, text: "CHATBASE_API_KEY is not set: the page answers with the built-in demo bot, not your chatbot.", fix: fixFor(name) };
  }
  return { ok: true, text: `${name} not set (${unset})` };
}

/** One line per variable, from the same validation the app runs (lib/config), so the doctor and the app never disagree. */
export function variableLines(env: Env, config: AppConfig): CheckLine[] {
  const brandingProblems: ConfigProblem[] = [];
  loadBranding(env, brandingProblems);
  const problems = [...config.problems, ...brandingProblems];
  const raw = (name: string) => env[name]?.trim() || undefined;
  const lines = CORE.map(({ name, unset }) =>
    line(name, raw(name), unset, problems.filter((problem) => problem.variable === name), config),
  );
  for (const name of BRANDING) {
    if (raw(name) !== undefined) lines.push(line(name, raw(name), "", problems.filter((problem) => problem.variable === name), config));
  }
  return lines;
}
