import { apiRequest, failure, guard, otherMethods, preflight } from "@/lib/chat/api-route";
import { serverReplies } from "@/lib/chat/server-replies";
import { parseReplyRequest, replyNotFound } from "../schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 10;

export const OPTIONS = preflight;
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST", "OPTIONS"]);

/** Stop: aborts the held reply's Chatbase request on whichever instance reads it; the reply then ends as stopped. */
export async function POST(request: Request, { params }: { params: Promise<{ replyId: string }> }): Promise<Response> {
  const api = apiRequest(request);
  try {
    guard(request, api);
    const { replyId, visitorId } = parseReplyRequest((await params).replyId, request.headers);
    if (!(await serverReplies().stop(replyId, visitorId))) throw replyNotFound();
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store", ...api.cors } });
  } catch (error) {
    return failure(error, api);
  }
}
