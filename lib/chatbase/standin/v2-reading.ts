import type { ReadingOptions } from "./reading.ts";
import type { createConversationLog, StoredMessage } from "./v2-conversations.ts";

/**
 * Chatbase v2's reading endpoints for conversations, over the stand-in's own conversation log:
 * `GET /agents/{id}/users/{userId}/conversations`, `GET /agents/{id}/conversations/{conversationId}` and
 * `GET …/{conversationId}/messages`, with the documented paging (`limit` 1–100, an opaque `cursor`,
 * `{ data, pagination: { cursor, hasMore, total } }`; messages newest first) and errors (401 key, 404 agent or
 * conversation, 400 a bad `limit` or `cursor`).
 */
type Log = ReturnType<typeof createConversationLog>;

const USER_CONVERSATIONS = /^\/api\/v2\/agents\/([^/]+)\/users\/([^/]+)\/conversations$/;
const CONVERSATION = /^\/api\/v2\/agents\/([^/]+)\/conversations\/([^/]+)$/;
const MESSAGES = /^\/api\/v2\/agents\/([^/]+)\/conversations\/([^/]+)\/messages$/;
const DEFAULT_LIMIT = 20;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/** One page of `items` from the request's `cursor` (an offset, opaque to callers) and `limit`. */
function page<T>(url: URL, items: T[]): Response | { data: T[]; pagination: { cursor: string | null; hasMore: boolean; total: number } } {
  const limitText = url.searchParams.get("limit") ?? String(DEFAULT_LIMIT);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) return error(400, "VALIDATION_INVALID_QUERY", "limit must be a whole number from 1 to 100.");
  const cursor = url.searchParams.get("cursor");
  const offset = cursor === null ? "offset:0" : Buffer.from(cursor, "base64url").toString("utf8");
  const start = /^offset:\d+$/.test(offset) ? Number(offset.slice("offset:".length)) : -1;
  if (start < 0) return error(400, "VALIDATION_INVALID_QUERY", "cursor is not one this API gave out.");
  const data = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  return { data, pagination: { cursor: hasMore ? Buffer.from(`offset:${start + limit}`).toString("base64url") : null, hasMore, total: items.length } };
}

function messageBody(message: StoredMessage) {
  return { id: message.id, role: message.role, parts: [{ type: "text", text: message.text }], createdAt: message.createdAt, feedback: message.feedback };
}

/** The answer to a conversation read, or undefined when the request is for another endpoint. */
export function readConversations(request: Request, log: Log, options: ReadingOptions): Response | undefined {
  const url = new URL(request.url);
  const users = USER_CONVERSATIONS.exec(url.pathname);
  const messages = MESSAGES.exec(url.pathname);
  const one = CONVERSATION.exec(url.pathname);
  const match = users ?? messages ?? one;
  if (!match) return undefined;
  if (request.method !== "GET") return undefined;
  if (options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
    return error(401, "AUTH_INVALID_API_KEY", "Unauthorized");
  }
  if (options.chatbotId !== undefined && decodeURIComponent(match[1]) !== options.chatbotId) return error(404, "AGENT_NOT_FOUND", "Agent not found");
  if (users) {
    const userId = decodeURIComponent(users[2]);
    const answer = page(url, log.ofUser(userId));
    return answer instanceof Response ? answer : json(200, answer);
  }
  const conversationId = decodeURIComponent(match[2]);
  const info = log.info(conversationId);
  const stored = log.messages(conversationId);
  if (!info || !stored) return error(404, "RESOURCE_CONVERSATION_NOT_FOUND", "Conversation not found");
  if (one) return json(200, { data: { ...info, messages: stored.slice(-20).map(messageBody) } });
  const answer = page(url, [...stored].reverse().map(messageBody));
  return answer instanceof Response ? answer : json(200, answer);
}
