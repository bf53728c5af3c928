// Server only: what the two history routes (/api/history, /api/history/{conversationId}) check before they
// read anything of a signed-in visitor's conversations.
import "server-only";
import type { ChatbaseSettings } from "../config/index.ts";
import { ApiError } from "../http/api-error.ts";
import { en } from "../i18n/catalogs/en.ts";
import { admit, type ApiRequest } from "./api-route.ts";

/**
 * Guard (origin, the history rate limit, a configured app), then identity: only a verified user id passes.
 * Anything else (no claim, a hash that does not verify, identity off) is one answer, 401 `identity_required`,
 * given before any call to Chatbase. The routes take no query and no body: any query is refused.
 */
export async function admitHistory(request: Request, api: ApiRequest): Promise<{ settings: ChatbaseSettings; userId: string }> {
  const settings = await admit(request, api, "history");
  if (new URL(request.url).search !== "") throw new ApiError(400, "invalid_request", "This endpoint takes no query parameters.");
  if (settings.apiVersion !== "v2") throw new ApiError(409, "history_unavailable", en.apiErrors.history_unavailable);
  const { userId } = api.identity;
  if (!userId) throw new ApiError(401, "identity_required", en.apiErrors.identity_required);
  return { settings, userId };
}
