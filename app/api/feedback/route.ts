import { admit, apiRequest, failure, otherMethods, preflight } from "@/lib/chat/api-route";
import { demoFetch, sendFeedback } from "@/lib/chatbase";
import { ApiError } from "@/lib/http/api-error";
import { readBoundedText } from "@/lib/http/read-body";
import { refuseBots } from "../bot-check";
import { MAX_FEEDBACK_BODY_BYTES, parseFeedbackRequest } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** One short call to Chatbase, bounded by CHATBASE_TIMEOUT_MS; the default leaves room for it. */
export const maxDuration = 60;

export const OPTIONS = preflight;
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST", "OPTIONS"]);

/** A visitor's verdict on one reply (`null` clears it), passed on to Chatbase's v2 feedback API. */
export async function POST(request: Request): Promise<Response> {
  const api = apiRequest(request);
  const { config, identity } = api;
  // A claim is checked here too (apiRequest), and its verdict told; a rating needs no identity of its own.
  const cors = { ...api.cors, ...identity.headers };
  try {
    const settings = await admit(request, api, "feedback");
    await refuseBots(config.guard.botProtection);
    if (settings.apiVersion !== "v2") {
      throw new ApiError(409, "feedback_unavailable", "Feedback needs Chatbase API v2 (CHATBASE_API_VERSION=v2).");
    }
    const { conversationId, messageId, feedback } = parseFeedbackRequest(await readBoundedText(request, MAX_FEEDBACK_BODY_BYTES));
    await sendFeedback(settings, {
      conversationId,
      messageId,
      feedback,
      signal: request.signal,
      fetch: config.mode === "demo" ? demoFetch : undefined,
    });
    return Response.json({ messageId, feedback }, { headers: { "Cache-Control": "no-store", ...cors } });
  } catch (error) {
    return failure(error, api);
  }
}
