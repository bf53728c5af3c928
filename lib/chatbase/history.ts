import type { ChatbaseSettings } from "../config/index.ts";
import { conversation, conversationMessages, userConversations, type ReadOptions, type UpstreamMessage } from "./conversations.ts";

/**
 * What a verified visitor may read of their own history in Chatbase (v2): their conversations, titled by
 * their first message, and the messages of one of them once Chatbase confirms it is theirs. Callers pass a
 * user id only after lib/identity verified it; nothing here is reached for an anonymous visitor.
 */

/** How much one visit may cost: conversations listed, and message pages read to title them or to open one. */
export const HISTORY_BOUNDS = {
  conversations: 20,
  /** Per conversation listed: its newest page of messages, where a short conversation's first message is. */
  titlePages: 1,
  /** Opening one: up to 1,000 messages, newest kept when a conversation is longer. */
  messagePages: 10,
  /** Conversations titled at once, to stay well inside Chatbase's 100 requests per 10 s. */
  concurrency: 4,
} as const;

const TITLE_CHARS = 60;

export interface HistoryEntry {
  conversationId: string;
  /** The first user message seen (empty when none was): the page shows its own "New conversation" then. */
  title: string;
  createdAt: number;
  updatedAt: number;
}

export interface HistoryConversation {
  conversationId: string;
  messages: UpstreamMessage[];
  /** False when the conversation is longer than the bound: the oldest messages were left out. */
  complete: boolean;
  /** Chatbase takes no more messages in it (ended, taken over). */
  ended: boolean;
}

function titleOf(messages: UpstreamMessage[]): string {
  const first = messages.find((message) => message.role === "user");
  const text = first?.text.replace(/\s+/g, " ").trim() ?? "";
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The verified user's newest conversations in Chatbase, newest first, each titled by its first message. */
export async function userHistory(settings: ChatbaseSettings, userId: string, options: ReadOptions = {}): Promise<HistoryEntry[]> {
  const found = await userConversations(settings, userId, { max: HISTORY_BOUNDS.conversations }, options);
  // Chatbase says the list is the user's; only conversations that say so themselves are shown.
  const theirs = found.filter((entry) => entry.userId === undefined || entry.userId === userId);
  const entries = await mapLimited(theirs, HISTORY_BOUNDS.concurrency, async (entry) => {
    const { messages } = await conversationMessages(settings, entry.id, { maxPages: HISTORY_BOUNDS.titlePages }, options);
    const updatedAt = entry.updatedAt ?? messages.at(-1)?.createdAt ?? entry.createdAt ?? 0;
    return { conversationId: entry.id, title: titleOf(messages), createdAt: entry.createdAt ?? updatedAt, updatedAt };
  });
  return entries.sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * One of the verified user's conversations, or undefined when Chatbase knows none by that id or it belongs to
 * someone else (one answer for both, so a visitor cannot tell another's conversation exists). The owner is
 * asked of Chatbase first; no message is read for a conversation that is not the visitor's.
 */
export async function userConversation(
  settings: ChatbaseSettings,
  userId: string,
  conversationId: string,
  options: ReadOptions = {},
): Promise<HistoryConversation | undefined> {
  const found = await conversation(settings, conversationId, options);
  if (!found || found.userId !== userId) return undefined;
  const { messages, complete } = await conversationMessages(settings, conversationId, { maxPages: HISTORY_BOUNDS.messagePages }, options);
  return { conversationId, messages, complete, ended: found.status !== undefined && found.status !== "ongoing" };
}
