import { ApiError } from "./api-error.ts";
import { en } from "../i18n/server.ts";

/**
 * Refuses a body not declared as JSON with 415. A page on another site can send `text/plain` or a form without
 * asking the browser first (no CORS preflight); `application/json` always needs the preflight, which only
 * ALLOWED_ORIGINS pass.
 */
export function assertJsonContentType(request: Request): void {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", en.apiErrors.unsupported_media_type, { Accept: "application/json" });
  }
}
