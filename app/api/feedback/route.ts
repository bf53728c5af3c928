import { toApiError } from "@/lib/chat/api-error";
import { demoFetch, sendFeedback } from "@/lib/chatbase";
import { chatbaseSettings } from "@/lib/config";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { corsHeaders, preflightHeaders } from "@/lib/guard/cors";
import { serverGuard } from "@/lib/guard/server";
import { ApiError, errorResponse } from "@/lib/http/api-error";
import { readBoundedText } from "@/lib/http/read-body";
import { localeFor } from "@/lib/i18n";
import { en } from "@/lib/i18n/catalogs/en";
import { MAX_FEEDBACK_BODY_BYTES, parseFeedbackRequest } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** One short call to Chatbase, bounded by CHATBASE_TIMEOUT_MS; the default leaves room for it. */
export const maxDuration = 60;

export function OPTIONS(request: Request): Response {
  return new Response(null, { status: 204, headers: preflightHeaders(request.headers.get("origin"), serverConfig().guard.allowedOrigins) });
}

/** A visitor's verdict on one reply (`null` clears it), passed on to Chatbase's v2 feedback API. */
export async function POST(request: Request): Promise<Response> {
  const config = serverConfig();
  const cors = corsHeaders(request.headers.get("origin"), config.guard.allowedOrigins);
  const locale = localeFor(serverBranding().language, request.headers.get("accept-language"));
  try {
    await serverGuard().check(request);
    const settings = chatbaseSettings(config);
    if (!settings) throw new ApiError(503, "not_configured", en.apiErrors.not_configured);
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
    return errorResponse(toApiError(error, [config.apiKey]), cors, locale);
  }
}
