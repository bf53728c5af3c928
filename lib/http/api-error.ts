import type { ApiErrorCode, Language } from "../i18n/index.ts";
import type { ServerMessages } from "../i18n/server.ts";

/** The language an error is answered in: the one the visitor's page is in. */
export interface ErrorLocale {
  language: Language;
  messages: ServerMessages;
}

/** An error's sentence in any language, for an error whose words carry more than its code's (a wait, a limit). */
export type LocalizedText = (locale: ErrorLocale) => string;

/** A failure our API reports as `{ "error": { "code", "message" } }` with its HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly localized?: LocalizedText;

  /** `message` is English; in another language the answer carries `localized`'s words, else the code's catalog sentence. */
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}, localized?: LocalizedText) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.localized = localized;
  }
}

/**
 * The error's words in the visitor's language. English keeps the message it was thrown with, which
 * may say more for a developer (which field of the body is wrong); the code stays English everywhere.
 */
export function messageIn(error: ApiError, locale: ErrorLocale | undefined): string {
  if (!locale || locale.language === "en") return error.message;
  if (error.localized) return error.localized(locale);
  const { apiErrors, errors } = locale.messages;
  return Object.hasOwn(apiErrors, error.code) ? apiErrors[error.code as ApiErrorCode] : errors.service;
}

export function errorResponse(error: ApiError, extraHeaders: Record<string, string> = {}, locale?: ErrorLocale): Response {
  const language: Record<string, string> = locale ? { "Content-Language": locale.language } : {};
  return Response.json(
    { error: { code: error.code, message: messageIn(error, locale) } },
    { status: error.status, headers: { "Cache-Control": "no-store", ...language, ...extraHeaders, ...error.headers } },
  );
}

/**
 * A request with a method the endpoint does not take: 405 with `Allow`, in the same JSON shape as every other
 * refusal (Next.js's own 405 has no body).
 */
export function methodNotAllowed(allow: readonly string[], locale?: ErrorLocale, extraHeaders: Record<string, string> = {}): Response {
  const methods = allow.join(", ");
  return errorResponse(new ApiError(405, "method_not_allowed", `This endpoint accepts ${methods} only.`, { Allow: methods }), extraHeaders, locale);
}
