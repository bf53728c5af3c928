import { apiRequest, failure, guard, otherMethods, preflightFor } from "@/lib/chat/api-route";
import { eventStreamResponse } from "@/lib/chat/held-reply-stream";
import { serverReplies } from "@/lib/chat/server-replies";
import { parseFrom, parseReplyRequest, replyNotFound } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** The rest of a reply streams as long as the reply itself may: the same bound as /api/chat. */
export const maxDuration = 300;

const STREAM_HEADERS = { "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" };

export const OPTIONS = preflightFor("GET");
export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET", "OPTIONS"]);

/** The rest of a held reply, for the visitor whose POST opened it: its events from `?from=N` on, then live ones. */
export async function GET(request: Request, { params }: { params: Promise<{ replyId: string }> }): Promise<Response> {
  const api = apiRequest(request);
  try {
    guard(request, api);
    const { replyId, visitorId } = parseReplyRequest((await params).replyId, request.headers);
    const from = parseFrom(new URL(request.url).searchParams);
    const events = await serverReplies().read(replyId, visitorId, from);
    if (!events) throw replyNotFound();
    return eventStreamResponse(events, { ...STREAM_HEADERS, ...api.cors, "X-Reply-Id": replyId });
  } catch (error) {
    return failure(error, api);
  }
}
