import { apiRequest, failure, otherMethods, preflightFor } from "@/lib/chat/api-route";
import { admitHistory } from "@/lib/chat/history-route";
import { userHistory } from "@/lib/chatbase";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** A list and a page of messages per conversation listed, each bounded by CHATBASE_TIMEOUT_MS. */
export const maxDuration = 60;

export const OPTIONS = preflightFor("GET");
export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET", "OPTIONS"]);

/** A signed-in visitor's conversations in Chatbase (v2), newest first, titled by their first message. */
export async function GET(request: Request): Promise<Response> {
  const api = apiRequest(request);
  try {
    const { settings, userId } = await admitHistory(request, api);
    // The demo bot keeps no conversations: a signed-in visitor has none to see.
    const conversations = api.config.mode === "demo" ? [] : await userHistory(settings, userId, { signal: request.signal });
    return Response.json({ conversations }, { headers: { "Cache-Control": "no-store", ...api.cors, ...api.identity.headers } });
  } catch (error) {
    return failure(error, api);
  }
}
