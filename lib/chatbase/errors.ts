import { en } from "../i18n/server.ts";

export type ChatbaseErrorCode =
  | "rate_limited"
  | "upstream_bad_request"
  | "upstream_unauthorized"
  | "upstream_forbidden"
  | "upstream_credits_exhausted"
  | "upstream_not_found"
  | "upstream_error"
  | "upstream_unreachable"
  | "upstream_invalid_response"
  | "upstream_timeout"
  | "upstream_interrupted"
  | "upstream_maintenance"
  | "conversation_ended"
  | "retry_unavailable"
  | "message_not_found"
  | "feedback_not_accepted"
  | "aborted";

/** The status our own API answers each failure with; the words a visitor sees are the catalog's for the code. */
const STATUS: Record<ChatbaseErrorCode, number> = {
  rate_limited: 429,
  upstream_bad_request: 502,
  upstream_unauthorized: 502,
  upstream_forbidden: 502,
  upstream_credits_exhausted: 502,
  upstream_not_found: 502,
  upstream_error: 502,
  upstream_unreachable: 502,
  upstream_invalid_response: 502,
  upstream_timeout: 504,
  upstream_interrupted: 502,
  upstream_maintenance: 503,
  conversation_ended: 409,
  retry_unavailable: 409,
  message_not_found: 404,
  feedback_not_accepted: 422,
  aborted: 499,
};

/**
 * Every way a call to Chatbase can fail. `message` is for the owner's log (it may
 * quote Chatbase, never the key); `publicMessage` is safe to show a visitor (English; the
 * catalogs hold it in every language under the same code).
 */
export class ChatbaseError extends Error {
  readonly code: ChatbaseErrorCode;
  readonly status: number;
  readonly publicMessage: string;
  readonly upstreamStatus?: number;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ChatbaseErrorCode,
    detail: string,
    extra: { upstreamStatus?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(detail, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "ChatbaseError";
    this.code = code;
    this.status = STATUS[code];
    this.publicMessage = en.apiErrors[code];
    this.upstreamStatus = extra.upstreamStatus;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export function isChatbaseError(error: unknown): error is ChatbaseError {
  return error instanceof ChatbaseError;
}

/** `Retry-After` as whole seconds, from either of its two forms. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

const MAX_ERROR_BODY_CHARS = 4_000;

function upstreamMessage(body: string): { message?: string; code?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      const nested = record.error;
      if (nested && typeof nested === "object") {
        const error = nested as Record<string, unknown>;
        return {
          message: typeof error.message === "string" ? error.message : undefined,
          code: typeof error.code === "string" ? error.code : undefined,
        };
      }
      if (typeof nested === "string") return { message: nested };
      if (typeof record.message === "string") return { message: record.message };
    }
  } catch {
    // Not JSON: a proxy's HTML page or plain text; the raw text is quoted below.
  }
  return {};
}

/** Chatbase's v2 codes that decide the outcome whatever the status, since some statuses are undocumented. */
const BY_UPSTREAM_CODE: Record<string, ChatbaseErrorCode> = {
  CHAT_CONVERSATION_NOT_ONGOING: "conversation_ended",
  CHAT_CONVERSATION_MISMATCH: "conversation_ended",
  CHAT_CREDITS_EXHAUSTED: "upstream_credits_exhausted",
  CHAT_AGENT_CREDITS_EXHAUSTED: "upstream_credits_exhausted",
  SERVICE_UNDER_MAINTENANCE: "upstream_maintenance",
  CHAT_RETRY_MESSAGE_NOT_FOUND: "retry_unavailable",
  CHAT_RETRY_NO_USER_MESSAGE: "retry_unavailable",
  RESOURCE_MESSAGE_NOT_FOUND: "message_not_found",
  RESOURCE_MESSAGE_NOT_ASSISTANT: "feedback_not_accepted",
};

/** What the call was about, where the same status means different things. */
export interface ErrorContext {
  /** v2 and the call named a stored conversation: a 404 then means the conversation, not the agent, is gone. */
  storedConversation?: boolean;
}

function codeForStatus(status: number, hint: string, context: ErrorContext): ChatbaseErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return "upstream_bad_request";
    case 401:
      return "upstream_unauthorized";
    case 402:
      return "upstream_credits_exhausted";
    case 403:
      // v1 answers 403 both for "no access" and for "message credits exhausted".
      return /credit|quota|limit reached|exhausted/i.test(hint) ? "upstream_credits_exhausted" : "upstream_forbidden";
    case 404:
      return context.storedConversation && !/agent/i.test(hint) ? "conversation_ended" : "upstream_not_found";
    case 429:
      return "rate_limited";
    default:
      return "upstream_error";
  }
}

/** Maps a non-2xx answer from Chatbase (either API version) to a ChatbaseError. */
export async function errorFromResponse(response: Response, context: ErrorContext = {}): Promise<ChatbaseError> {
  let body = "";
  try {
    body = (await response.text()).slice(0, MAX_ERROR_BODY_CHARS);
  } catch {
    // The body is only there to help the owner; the status alone decides.
  }
  const { message, code: upstreamCode } = upstreamMessage(body);
  const hint = `${upstreamCode ?? ""} ${message ?? ""}`;
  const code = (upstreamCode && BY_UPSTREAM_CODE[upstreamCode]) || codeForStatus(response.status, hint, context);
  const quoted = message ?? body.replace(/\s+/g, " ").trim().slice(0, 300);
  const detail = `Chatbase answered ${response.status}${upstreamCode ? ` (${upstreamCode})` : ""}${quoted ? `: ${quoted}` : ""}`;
  return new ChatbaseError(code, detail, {
    upstreamStatus: response.status,
    retryAfterSeconds:
      code === "rate_limited" || code === "upstream_maintenance" ? parseRetryAfter(response.headers.get("retry-after")) : undefined,
  });
}
