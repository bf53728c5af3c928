import type { ApiVersion } from "../config/index.ts";
import { maskSecret, type CheckLine } from "./types.ts";

/**
 * Asks Chatbase, without spending a message credit, whether the key and the
 * chatbot id work together: v2 reads the agent (`GET /api/v2/agents/{id}`,
 * which also gives its name), v1 reads one conversation
 * (`GET /api/v1/get-conversations?chatbotId=…&size=1`). What the answers mean:
 * 200 all good; 401 the key; 403 the plan; 404 the id, or the id belongs to
 * the other API version (the doctor then asks that one too).
 */
export interface ChatbaseTarget {
  apiKey: string;
  chatbotId: string;
  apiVersion: ApiVersion;
  baseUrl: string;
}

type Answer =
  | { kind: "answered"; status: number; body: unknown; retryAfter: string | null }
  | { kind: "unreachable"; reason: string };

function readingUrl(target: ChatbaseTarget, version: ApiVersion): string {
  const id = encodeURIComponent(target.chatbotId);
  return version === "v2"
    ? `${target.baseUrl}/api/v2/agents/${id}`
    : `${target.baseUrl}/api/v1/get-conversations?chatbotId=${id}&size=1`;
}

async function ask(target: ChatbaseTarget, version: ApiVersion, timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(readingUrl(target, version), {
      headers: { Authorization: `Bearer ${target.apiKey}`, Accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML page, say): the status still says what happened.
    }
    return { kind: "answered", status: response.status, body, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return { kind: "unreachable", reason: `no answer within ${timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: "unreachable", reason: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** Chatbase's own words, from either API's error shape, kept short. */
function upstreamMessage(body: unknown): string {
  const record = (body ?? {}) as { message?: unknown; error?: { message?: unknown; code?: unknown } };
  const message = record.error?.message ?? record.message;
  const code = record.error?.code;
  const words = [typeof code === "string" ? code : "", typeof message === "string" ? message : ""].filter(Boolean).join(": ");
  return words ? ` (${words.slice(0, 160)})` : "";
}

function agentName(body: unknown): string | undefined {
  const record = (body ?? {}) as { name?: unknown; data?: { name?: unknown } };
  const name = record.data?.name ?? record.name;
  return typeof name === "string" && name.trim() ? name.trim() : undefined;
}

const other = (version: ApiVersion): ApiVersion => (version === "v1" ? "v2" : "v1");

function found(target: ChatbaseTarget, body: unknown): string {
  const name = agentName(body);
  return name ? `Chatbot found: "${name}" (${target.chatbotId}).` : `Chatbot ${target.chatbotId} found.`;
}

export async function chatbaseLines(target: ChatbaseTarget, timeoutMs: number): Promise<CheckLine[]> {
  const version = target.apiVersion;
  const answer = await ask(target, version, timeoutMs);
  if (answer.kind === "unreachable") {
    return [
      {
        ok: false,
        text: `Could not reach Chatbase at ${target.baseUrl}: ${answer.reason}.`,
        fix: "Check CHATBASE_BASE_URL (remove it to use https://www.chatbase.co) and that this machine can reach it.",
      },
    ];
  }
  const { status, body } = answer;
  const keyAccepted: CheckLine = { ok: true, text: `Chatbase accepted the key (${maskSecret(target.apiKey)}).` };
  if (status === 401) {
    return [
      {
        ok: false,
        text: `Chatbase refused the key (${maskSecret(target.apiKey)}): HTTP 401${upstreamMessage(body)}.`,
        fix: "Set CHATBASE_API_KEY to a current secret key from Chatbase (Workspace settings → API keys); a deleted or mistyped key gets 401.",
      },
    ];
  }
  if (status === 403) {
    return [
      {
        ok: false,
        text: `Chatbase knows the key but denies access: HTTP 403${upstreamMessage(body)}.`,
        fix: "Use a CHATBASE_API_KEY from a workspace whose plan includes API access, or upgrade the plan.",
      },
    ];
  }
  if (status === 404) {
    const elsewhere = await ask(target, other(version), timeoutMs);
    if (elsewhere.kind === "answered" && elsewhere.status === 200) {
      return [
        keyAccepted,
        { ok: true, text: found(target, elsewhere.body) },
        {
          ok: false,
          text: `CHATBASE_API_VERSION is ${version}, but ${target.chatbotId} is known to Chatbase's ${other(version)} API only.`,
          fix: `Set CHATBASE_API_VERSION=${other(version)}.`,
        },
      ];
    }
    return [
      keyAccepted,
      {
        ok: false,
        text: `Chatbase has no chatbot ${target.chatbotId} for this key: HTTP 404${upstreamMessage(body)}.`,
        fix: "Set CHATBASE_CHATBOT_ID to the id on the chatbot's Settings page, in the same workspace as the key.",
      },
    ];
  }
  if (status === 429) {
    return [
      {
        ok: false,
        text: `Chatbase is rate-limiting this key right now (HTTP 429${answer.retryAfter ? `, retry after ${answer.retryAfter} s` : ""}).`,
        fix: "Wait a minute and run the doctor again; if the page is busy, Chatbase's limit is per key.",
      },
    ];
  }
  if (status < 200 || status >= 300) {
    return [
      {
        ok: false,
        text: `Chatbase answered HTTP ${status}${upstreamMessage(body)}, so the key and chatbot could not be checked.`,
        fix: status >= 500 ? "Chatbase has a problem: try again later." : "Check CHATBASE_BASE_URL: it should be Chatbase itself (https://www.chatbase.co).",
      },
    ];
  }
  return [keyAccepted, { ok: true, text: found(target, body) }, { ok: true, text: `CHATBASE_API_VERSION=${version} matches the chatbot id.` }];
}
