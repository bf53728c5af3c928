import { randomUUID } from "node:crypto";
import { createUIMessageStreamResponse } from "ai";
import { admit, apiRequest, failure, otherMethods, preflight } from "@/lib/chat/api-route";
import { LIMITS } from "@/lib/chat/limits";
import { plainTextBody, uiMessageChunks } from "@/lib/chat/reply-stream";
import { demoFetch, openChatStream, type ChatbaseError } from "@/lib/chatbase";
import { logChatFailure } from "@/lib/log";
import { readBoundedText } from "@/lib/http/read-body";
import { refuseBots } from "../bot-check";
import { parseChatRequest } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Seconds a reply may take on Vercel before the function is stopped; long answers need more than the default. */
export const maxDuration = 300;

const STREAM_HEADERS = { "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" };

export const OPTIONS = preflight;
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST", "OPTIONS"]);

export async function POST(request: Request): Promise<Response> {
  const api = apiRequest(request);
  const { config, cors, locale } = api;
  try {
    const settings = await admit(request, api, "chat");
    await refuseBots(config.guard.botProtection);
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
    const onFailure = (error: ChatbaseError) => logChatFailure(error, [config.apiKey], "mid-reply");
    if (request.headers.get("accept")?.includes("text/event-stream")) {
      const describe = (error: ChatbaseError) => locale.messages.apiErrors[error.code];
      return createUIMessageStreamResponse({ stream: uiMessageChunks(reply, onFailure, describe, randomUUID()), headers });
    }
    return new Response(plainTextBody(reply, onFailure), {
      headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
    });
  } catch (error) {
    return failure(error, api);
  }
}
