import { randomUUID } from "node:crypto";
import { after } from "next/server";
import { admit, apiRequest, failure, otherMethods, preflight } from "@/lib/chat/api-route";
import { LIMITS } from "@/lib/chat/limits";
import { endingWhenStopped, eventStreamResponse, holdToEnd, sseEvents } from "@/lib/chat/held-reply-stream";
import { plainTextBody, uiMessageChunks } from "@/lib/chat/reply-stream";
import { serverReplies } from "@/lib/chat/server-replies";
import { demoFetch, openChatStream, type ChatbaseError } from "@/lib/chatbase";
import { conversationUserId } from "@/lib/identity";
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
  const { config, identity, secrets } = api;
  const cors = { ...api.cors, ...identity.headers };
  try {
    const settings = await admit(request, api, "chat");
    await refuseBots(config.guard.botProtection);
    const { messages, conversationId, visitorId, retryMessageId } = parseChatRequest(await readBoundedText(request, LIMITS.maxBodyBytes));
    const wantsEvents = request.headers.get("accept")?.includes("text/event-stream") ?? false;
    // Leaving is not stopping: a reply the browser reads as events ends only when Chatbase's does, or on a stop.
    const stopped = new AbortController();
    const reply = await openChatStream(settings, {
      messages,
      userId: conversationUserId(identity.userId, visitorId, config.identitySecret !== undefined),
      retryMessageId,
      // v1 shows a conversation in the owner's dashboard only when it has an id; v2 hands out its own.
      conversationId: conversationId ?? (settings.apiVersion === "v1" ? randomUUID() : undefined),
      signal: wantsEvents ? stopped.signal : request.signal,
      fetch: config.mode === "demo" ? demoFetch : undefined,
    });

    const headers: Record<string, string> = { ...STREAM_HEADERS, ...cors };
    if (reply.conversationId) headers["X-Conversation-Id"] = reply.conversationId;
    const onFailure = (error: ChatbaseError) => logChatFailure(error, secrets, "mid-reply");
    if (wantsEvents) {
      const describe = (error: ChatbaseError) => api.locale.messages.apiErrors[error.code];
      const replyId = randomUUID();
      const events = sseEvents(uiMessageChunks(endingWhenStopped(reply, stopped.signal), onFailure, describe, replyId));
      const held = visitorId ? serverReplies().open(replyId, visitorId, () => stopped.abort()) : undefined;
      if (!held) {
        // Not held (no visitor to hand it back to, or this server holds all it may): as before, leaving stops it.
        request.signal.addEventListener("abort", () => stopped.abort(), { once: true });
        return eventStreamResponse(events, headers);
      }
      // On Vercel the function lives on until the reply has been read to its end (within maxDuration).
      after(holdToEnd(events, held));
      return eventStreamResponse(held.follow(0), { ...headers, "X-Reply-Id": replyId });
    }
    return new Response(plainTextBody(reply, onFailure), {
      headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
    });
  } catch (error) {
    return failure(error, api);
  }
}
