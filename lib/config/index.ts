export type ApiVersion = "v1" | "v2";

export interface ChatbaseSettings {
  apiKey: string;
  chatbotId: string;
  apiVersion: ApiVersion;
  baseUrl: string;
  timeoutMs: number;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * What the server runs as. `demo` needs nothing; `chatbase` is ready only when
 * `problems` is empty (a key with no chatbot id, or an invalid value, keeps the
 * app up so that `/api/health` can say what to fix).
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
}

export const DEFAULT_BASE_URL = "https://www.chatbase.co";
export const DEFAULT_TIMEOUT_MS = 30_000;

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
    message: `CHATBASE_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${raw}").`,
  });
  return DEFAULT_TIMEOUT_MS;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: ConfigProblem[] = [];
  const apiVersion = readApiVersion(env, problems);
  const baseUrl = readBaseUrl(env, problems);
  const timeoutMs = readTimeout(env, problems);
  const apiKey = read(env, "CHATBASE_API_KEY");
  const chatbotId = read(env, "CHATBASE_CHATBOT_ID");

  if (apiKey === undefined) {
    return { mode: "demo", apiVersion, baseUrl, timeoutMs, missing: [], problems };
  }
  const missing = chatbotId === undefined ? ["CHATBASE_CHATBOT_ID"] : [];
  for (const variable of missing) {
    problems.push({
      variable,
      message: `${variable} is not set: CHATBASE_API_KEY is set, so the app needs the chatbot id too.`,
    });
  }
  return { mode: "chatbase", apiVersion, baseUrl, timeoutMs, apiKey, chatbotId, missing, problems };
}

/** The settings `lib/chatbase` needs, or undefined while the config has problems. */
export function chatbaseSettings(config: AppConfig): ChatbaseSettings | undefined {
  if (config.problems.length > 0) return undefined;
  return {
    apiKey: config.apiKey ?? "",
    chatbotId: config.chatbotId ?? "demo-chatbot",
    apiVersion: config.apiVersion,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
  };
}
