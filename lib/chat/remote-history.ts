// Browser only: a signed-in visitor's conversations kept by Chatbase (v2), read through /api/history, and how they
// join the list of this browser's own. Nothing here is asked for without a claim, and the server answers only a
// verified one.
import "client-only";
import type { IdentityClaim } from "../identity/claim.ts";
import type { ConversationSummary, StoredConversation } from "./conversation-store.ts";
import { visitorIdentity } from "./identity.ts";
import type { ChatMessage } from "./messages.ts";

/** A conversation of the visitor's account in the list: not (yet) in this browser's storage. */
export interface RemoteSummary extends ConversationSummary {
  conversationId: string;
  remote: true;
}

/** /api/history's entries, and /api/history/{id}'s answer. */
interface HistoryEntry {
  conversationId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

interface HistoryMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  createdAt?: number;
  feedback?: "positive" | "negative" | null;
}

/**
 * The local id a conversation from the account gets in this browser: derived from Chatbase's id, so once it is
 * continued and saved here, the stored copy is found again under the same id.
 */
export const localIdOf = (conversationId: string) => `cb-${conversationId}`;

async function get(path: string, claim: IdentityClaim, fetchImpl: typeof fetch): Promise<Response> {
  const response = await fetchImpl(path, { headers: { Accept: "application/json", ...visitorIdentity.headers() } });
  visitorIdentity.noteResponse(response, claim);
  return response;
}

/** The account's conversations, newest first; undefined when the server would not list them (the claim did not verify). */
export async function fetchRemoteSummaries(claim: IdentityClaim, untitled: string, fetchImpl: typeof fetch = fetch): Promise<RemoteSummary[] | undefined> {
  const response = await get("/api/history", claim, fetchImpl);
  if (!response.ok) return undefined;
  const { conversations } = (await response.json()) as { conversations: HistoryEntry[] };
  return conversations.map((entry) => ({
    id: localIdOf(entry.conversationId),
    conversationId: entry.conversationId,
    title: entry.title || untitled,
    updatedAt: entry.updatedAt,
    remote: true,
  }));
}

function toMessage(message: HistoryMessage, conversationId: string): ChatMessage {
  return {
    id: message.id,
    role: message.role,
    parts: [{ type: "text", text: message.text }],
    metadata:
      message.role === "assistant"
        ? { conversationId, messageId: message.id, ...(message.feedback ? { feedback: message.feedback } : {}) }
        : { conversationId },
  };
}

/** One of the account's conversations with its messages (oldest first), ready to open as any other. */
export async function fetchRemoteConversation(claim: IdentityClaim, conversationId: string, fetchImpl: typeof fetch = fetch): Promise<StoredConversation> {
  const response = await get(`/api/history/${encodeURIComponent(conversationId)}`, claim, fetchImpl);
  if (!response.ok) throw new Error(`History not loaded: ${response.status}`);
  const found = (await response.json()) as { messages: HistoryMessage[]; ended: boolean };
  const times = found.messages.map((message) => message.createdAt ?? 0);
  const updatedAt = Math.max(0, ...times) || Date.now();
  return {
    id: localIdOf(conversationId),
    conversationId,
    messages: found.messages.map((message) => toMessage(message, conversationId)),
    ...(found.ended ? { ended: true } : {}),
    createdAt: times[0] || updatedAt,
    updatedAt,
  };
}

/**
 * This browser's conversations and the account's, newest first, each once: a conversation the browser has
 * (the same Chatbase conversation id) is listed as the browser's.
 */
export function mergeSummaries(local: ConversationSummary[], remote: RemoteSummary[]): ConversationSummary[] {
  if (remote.length === 0) return local;
  const known = new Set<string>();
  for (const summary of local) {
    known.add(summary.id);
    if (summary.conversationId) known.add(summary.conversationId);
  }
  const added = remote.filter((summary) => !known.has(summary.id) && !known.has(summary.conversationId));
  return [...local, ...added].sort((a, b) => b.updatedAt - a.updatedAt);
}
