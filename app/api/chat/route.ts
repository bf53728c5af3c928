import { randomUUID } from "node:crypto";
import { createUIMessageStreamResponse } from "ai";
import { toApiError } from "@/lib/chat/api-error";
import { LIMITS } from "@/lib/chat/limits";
import { plainTextBody, uiMessageChunks } from "@/lib/chat/reply-stream";
import { demoFetch, openChatStream, type ChatbaseError } from "@/lib/chatbase";
import { chatbaseSettings } from "@/lib/config";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { corsHeaders, preflightHeaders } from "@/lib/guard/cors";
import { serverGuard } from "@/lib/guard/server";
import { logChatFailure } from "@/lib/log";
import { ApiError, errorResponse } from "@/lib/http/api-error";
import { readBoundedText } from "@/lib/http/read-body";
import { localeFor } from "@/lib/i18n";
import { en } from "@/lib/i18n/catalogs/en";
import { parseChatRequest } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Seconds a reply may take on Vercel before the function is stopped; long answers need more than the default. */
export const maxDuration = 300;

const STREAM_HEADERS = { "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" };

/** A browser's preflight: only the origins in ALLOWED_ORIGINS are told they may POST. */
export function OPTIONS(request: Request): Response {
  return new Response(null, { status: 204, headers: preflightHeaders(request.headers.get("origin"), serverConfig().guard.allowedOrigins) });
}

export async function POST(request: Request): Promise<Response> {
  const config = serverConfig();
  const secrets = [config.apiKey];
  const cors = corsHeaders(request.headers.get("origin"), config.guard.allowedOrigins);
  // The same choice as the page's: a visitor reads errors in the language the page is in.
  const locale = localeFor(serverBranding().language, request.headers.get("accept-language"));
  try {
    await serverGuard().check(request);
    const settings = chatbaseSettings(config);
    if (!settings) throw new ApiError(503, "not_configured", en.apiErrors.not_configured);

    const { messages, conversationId, visitorId, retryMessageId } = parseChatRequest(await readBoundedText(request, LIMITS.maxBodyBytes));
    const reply = await openChatStream(settings, {
      messages,
      userId: visitorId,
      retryMessageId,
      // v1 shows a conversation in the owner's dashboard only when it has an id; v2 hands out its own.
      conversationId: conversationId ?? (settings.apiVersion === "v1" ? randomUUID() : undefined),
      signal: request.signal,
      fetch: config.mode === "demo" ? demoFetch : undefined,
    });

    const headers: Record<string, string> = { ...STREAM_HEADERS, ...cors };
    if (reply.conversationId) headers["X-Conversation-Id"] = reply.conversationId;
    const onFailure = (error: ChatbaseError) => logChatFailure(error, secrets, "mid-reply");
    if (request.headers.get("accept")?.includes("text/event-stream")) {
      const describe = (failure: ChatbaseError) => locale.messages.apiErrors[failure.code];
      return createUIMessageStreamResponse({ stream: uiMessageChunks(reply, onFailure, describe), headers });
    }
    return new Response(plainTextBody(reply, onFailure), {
      headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
    });
  } catch (error) {
    return errorResponse(toApiError(error, secrets), cors, locale);
  }
}
