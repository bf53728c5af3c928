import type { ChatbaseSettings } from "../config/index.ts";
import { ChatbaseError, errorFromResponse, isChatbaseError } from "./errors.ts";
import { conversationUrl, conversationMessagesUrl, userConversationsUrl } from "./request.ts";

/**
 * Chatbase v2's reading endpoints for conversations (no message credit spent): a user's conversations, one
 * conversation, and its messages. Lists come as `{ data, pagination: { cursor, hasMore } }`; each call pages
 * as far as its caller's bound allows and no further. Everything read is checked for shape: a field that is
 * not what the docs say is dropped, not trusted.
 */

export interface UpstreamConversation {
  id: string;
  userId?: string;
  status?: string;
  /** Milliseconds (Chatbase sends unix seconds). */
  createdAt?: number;
  updatedAt?: number;
}

export interface UpstreamMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  createdAt?: number;
  feedback?: "positive" | "negative" | null;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** The demo bot answers through this, like Chatbase would. */
  fetch?: typeof fetch;
}

/** The most one list asks for at once (Chatbase's maximum `limit`). */
export const PAGE_LIMIT = 100;

async function getJson(settings: ChatbaseSettings, url: string, options: ReadOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { Authorization: `Bearer ${settings.apiKey}`, Accept: "application/json" },
      signal,
    });
  } catch (error) {
    if (isChatbaseError(error)) throw error;
    if (timeout.aborted) throw new ChatbaseError("upstream_timeout", `Chatbase did not answer within ${settings.timeoutMs} ms.`);
    if (options.signal?.aborted) throw new ChatbaseError("aborted", "The visitor left before Chatbase answered.");
    const reason = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message ?? String(error);
    throw new ChatbaseError("upstream_unreachable", `Could not reach Chatbase: ${reason}`, { cause: error });
  }
  if (!response.ok) throw await errorFromResponse(response, { storedConversation: true });
  try {
    return await response.json();
  } catch {
    throw new ChatbaseError("upstream_invalid_response", "Chatbase answered a conversation read with something that is not JSON.");
  }
}

const seconds = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value * 1000 : undefined);

function conversationOf(value: unknown): UpstreamConversation | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== "string" || !record.id) return undefined;
  return {
    id: record.id,
    ...(typeof record.userId === "string" ? { userId: record.userId } : {}),
    ...(typeof record.status === "string" ? { status: record.status } : {}),
    createdAt: seconds(record.createdAt),
    updatedAt: seconds(record.updatedAt),
  };
}

function messageOf(value: unknown): UpstreamMessage | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== "string" || (record.role !== "user" && record.role !== "assistant")) return undefined;
  const parts = Array.isArray(record.parts) ? record.parts : [];
  let text = "";
  for (const part of parts) {
    const { type, text: partText } = (part ?? {}) as Record<string, unknown>;
    if (type === "text" && typeof partText === "string") text += partText;
  }
  const feedback = record.feedback === "positive" || record.feedback === "negative" ? record.feedback : null;
  return { id: record.id, role: record.role, text, createdAt: seconds(record.createdAt), feedback };
}

/** One page of a list: its items as read by `itemOf`, and the cursor to the next page when there is one. */
function pageOf<T>(body: unknown, itemOf: (value: unknown) => T | undefined): { items: T[]; next?: string } {
  const record = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  if (!Array.isArray(record.data)) throw new ChatbaseError("upstream_invalid_response", "Chatbase answered a list without its data array.");
  const items = record.data.map(itemOf).filter((item): item is T => item !== undefined);
  const pagination = (record.pagination ?? {}) as Record<string, unknown>;
  const next = pagination.hasMore === true && typeof pagination.cursor === "string" && pagination.cursor ? pagination.cursor : undefined;
  return { items, next };
}

async function pages<T>(
  settings: ChatbaseSettings,
  url: string,
  itemOf: (value: unknown) => T | undefined,
  bound: { limit: number; maxPages: number },
  options: ReadOptions,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < bound.maxPages; page++) {
    const query = new URLSearchParams({ limit: String(bound.limit) });
    if (cursor) query.set("cursor", cursor);
    const { items: found, next } = pageOf(await getJson(settings, `${url}?${query}`, options), itemOf);
    items.push(...found);
    if (!next) return { items, complete: true };
    cursor = next;
  }
  return { items, complete: false };
}

/** A user's conversations, as Chatbase lists them (newest first), up to `bound.max` of them. */
export async function userConversations(
  settings: ChatbaseSettings,
  userId: string,
  bound: { max: number; limit?: number },
  options: ReadOptions = {},
): Promise<UpstreamConversation[]> {
  const limit = Math.min(bound.max, bound.limit ?? PAGE_LIMIT);
  const { items } = await pages(settings, userConversationsUrl(settings, userId), conversationOf, { limit, maxPages: Math.ceil(bound.max / limit) }, options);
  return items.slice(0, bound.max);
}

/** One conversation (its user id, status, times), or undefined when Chatbase knows no such conversation. */
export async function conversation(settings: ChatbaseSettings, conversationId: string, options: ReadOptions = {}): Promise<UpstreamConversation | undefined> {
  try {
    const body = (await getJson(settings, conversationUrl(settings, conversationId), options)) as Record<string, unknown> | null;
    return conversationOf(body && typeof body === "object" && "data" in body ? body.data : body);
  } catch (error) {
    // 404 for a conversation id (not the agent): the conversation is unknown, or another agent's.
    if (isChatbaseError(error) && error.code === "conversation_ended" && error.upstreamStatus === 404) return undefined;
    throw error;
  }
}

/**
 * A conversation's messages, oldest first. Chatbase pages them backward (newest first); this reads up to
 * `maxPages` pages of `limit` and says whether it reached the first message.
 */
export async function conversationMessages(
  settings: ChatbaseSettings,
  conversationId: string,
  bound: { limit?: number; maxPages: number },
  options: ReadOptions = {},
): Promise<{ messages: UpstreamMessage[]; complete: boolean }> {
  const { items, complete } = await pages(settings, conversationMessagesUrl(settings, conversationId), messageOf, { limit: bound.limit ?? PAGE_LIMIT, maxPages: bound.maxPages }, options);
  // Newest first, as documented; the times (when every message has one) settle the order if a page disagrees.
  const messages = items.reverse();
  if (messages.every((message) => message.createdAt !== undefined)) messages.sort((a, b) => a.createdAt! - b.createdAt!);
  return { messages, complete };
}
