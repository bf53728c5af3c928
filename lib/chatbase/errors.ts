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

const UNAVAILABLE = "The assistant is not available right now. Please try again later.";

/** What each failure means for our own API: the status we answer and the words a visitor sees. */
const CATALOGUE: Record<ChatbaseErrorCode, { status: number; message: string }> = {
  rate_limited: {
    status: 429,
    message: "The assistant is receiving too many messages right now. Please wait a moment and try again.",
  },
  upstream_bad_request: { status: 502, message: "The assistant could not process this message. Please try rephrasing it." },
  upstream_unauthorized: { status: 502, message: UNAVAILABLE },
  upstream_forbidden: { status: 502, message: UNAVAILABLE },
  upstream_credits_exhausted: { status: 502, message: UNAVAILABLE },
  upstream_not_found: { status: 502, message: UNAVAILABLE },
  upstream_error: { status: 502, message: "The assistant ran into a problem. Please try again." },
  upstream_unreachable: { status: 502, message: "The assistant could not be reached. Please try again in a moment." },
  upstream_invalid_response: { status: 502, message: "The assistant sent a reply that could not be read. Please try again." },
  upstream_timeout: { status: 504, message: "The assistant took too long to answer. Please try again." },
  upstream_interrupted: { status: 502, message: "The reply was interrupted. Please try again." },
  upstream_maintenance: {
    status: 503,
    message: "The assistant is under maintenance. Please try again in a few minutes.",
  },
  conversation_ended: {
    status: 409,
    message: "This conversation has ended and cannot take new messages. Please start a new chat.",
  },
  retry_unavailable: {
    status: 409,
    message: "This reply can no longer be regenerated. Please send your message again.",
  },
  message_not_found: { status: 404, message: "That message is not known to the assistant." },
  feedback_not_accepted: { status: 422, message: "Feedback can only be given on the assistant's replies." },
  aborted: { status: 499, message: "The request was cancelled." },
};

/**
 * Every way a call to Chatbase can fail. `message` is for the owner's log (it may
 * quote Chatbase, never the key); `publicMessage` is safe to show a visitor.
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
    this.status = CATALOGUE[code].status;
    this.publicMessage = CATALOGUE[code].message;
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
