// Server only: turns failures into API answers, logging what the owner needs.
import "server-only";
import { isChatbaseError } from "../chatbase/errors.ts";
import { isUnsafeIdError } from "../chatbase/request.ts";
import { ApiError } from "../http/api-error.ts";
import { en } from "../i18n/server.ts";
import { logChatFailure } from "../log.ts";

/** Any failure before the reply starts, as the ApiError our route answers with; the owner's details go to the log. */
export function toApiError(error: unknown, secrets: (string | undefined)[]): ApiError {
  if (error instanceof ApiError) return error;
  if (isUnsafeIdError(error)) return new ApiError(400, "invalid_request", error.message);
  if (isChatbaseError(error)) {
    logChatFailure(error, secrets, "before-reply");
    const headers: Record<string, string> =
      error.retryAfterSeconds !== undefined ? { "Retry-After": String(error.retryAfterSeconds) } : {};
    return new ApiError(error.status, error.code, error.publicMessage, headers);
  }
  console.error("[chat] unexpected failure:", error instanceof Error ? error.stack : String(error));
  return new ApiError(500, "internal_error", en.apiErrors.internal_error);
}
