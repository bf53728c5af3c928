import { apiRequest, failure, otherMethods, preflightFor } from "@/lib/chat/api-route";
import { admitHistory } from "@/lib/chat/history-route";
import { userConversation } from "@/lib/chatbase";
import { ApiError } from "@/lib/http/api-error";
import { en } from "@/lib/i18n/catalogs/en";
import { parseConversationParam } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Chatbase's check of the conversation's user, then up to ten pages of messages, each bounded by CHATBASE_TIMEOUT_MS. */
export const maxDuration = 60;

export const OPTIONS = preflightFor("GET");
export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET", "OPTIONS"]);

/** One of a signed-in visitor's conversations with its messages, oldest first; only when Chatbase says it is theirs. */
export async function GET(request: Request, { params }: { params: Promise<{ conversationId: string }> }): Promise<Response> {
  const api = apiRequest(request);
  try {
    const { settings, userId } = await admitHistory(request, api);
    const conversationId = parseConversationParam((await params).conversationId);
    const found = api.config.mode === "demo" ? undefined : await userConversation(settings, userId, conversationId, { signal: request.signal });
    if (!found) throw new ApiError(404, "conversation_not_found", en.apiErrors.conversation_not_found);
    return Response.json(found, { headers: { "Cache-Control": "no-store", ...api.cors, ...api.identity.headers } });
  } catch (error) {
    return failure(error, api);
  }
}
