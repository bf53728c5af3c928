import { USER_ID_PATTERN } from "../../../../../lib/chatbase/request.ts";
import { ApiError } from "../../../../../lib/http/api-error.ts";
import { en } from "../../../../../lib/i18n/server.ts";

/** The route makes reply ids with randomUUID(). */
const REPLY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** More events than any reply has; a bound that keeps the number a safe integer. */
const MAX_FROM = 1_000_000;

/** The same answer for an unknown, expired, malformed or another visitor's reply: none says which it was. */
export function replyNotFound(): ApiError {
  return new ApiError(404, "reply_not_found", en.apiErrors.reply_not_found);
}

export interface ReplyRequest {
  replyId: string;
  visitorId: string;
}

/** The reply asked for and who asks (the `X-Visitor-Id` header: the visitorId the reply's POST carried). */
export function parseReplyRequest(replyId: string, headers: Headers): ReplyRequest {
  const visitorId = headers.get("x-visitor-id");
  if (!REPLY_ID.test(replyId) || !visitorId || !USER_ID_PATTERN.test(visitorId)) throw replyNotFound();
  return { replyId, visitorId };
}

/** `from`: how many of the reply's events the browser already has (the start chunk is event 0); absent means 0. */
export function parseFrom(params: URLSearchParams): number {
  const raw = params.get("from");
  if (raw === null) return 0;
  if (/^\d{1,7}$/.test(raw) && Number(raw) <= MAX_FROM) return Number(raw);
  throw new ApiError(400, "invalid_request", `from must be a whole number from 0 to ${MAX_FROM}: how many of the reply's events the browser already has.`);
}
