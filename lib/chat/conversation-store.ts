import type { ChatMessage } from "./messages.ts";

/** One conversation as the browser keeps it. */
export interface StoredConversation {
  id: string;
  /** v1: the id the page made, so the conversation shows in the owner's Chatbase dashboard. */
  conversationId?: string;
  messages: ChatMessage[];
  updatedAt: number;
}

const SCHEMA_VERSION = 1;
export const CONVERSATION_KEY = "chatbase-chat-page:conversation";
export const DRAFT_KEY = "chatbase-chat-page:draft";

function isMessage(value: unknown): value is ChatMessage {
  if (!value || typeof value !== "object") return false;
  const message = value as Record<string, unknown>;
  return (
    typeof message.id === "string" &&
    (message.role === "user" || message.role === "assistant") &&
    Array.isArray(message.parts) &&
    message.parts.every((part) => part && typeof part === "object" && typeof (part as { type?: unknown }).type === "string")
  );
}

/** Reads what `serializeConversation` wrote; anything else (old, foreign or damaged) reads as nothing. */
export function parseConversation(raw: string | null): StoredConversation | undefined {
  if (!raw) return undefined;
  try {
    const stored = JSON.parse(raw) as { version?: unknown; conversation?: Record<string, unknown> };
    const conversation = stored.conversation;
    if (stored.version !== SCHEMA_VERSION || !conversation || typeof conversation.id !== "string") return undefined;
    if (!Array.isArray(conversation.messages) || !conversation.messages.every(isMessage)) return undefined;
    return {
      id: conversation.id,
      conversationId: typeof conversation.conversationId === "string" ? conversation.conversationId : undefined,
      messages: conversation.messages,
      updatedAt: typeof conversation.updatedAt === "number" ? conversation.updatedAt : 0,
    };
  } catch {
    return undefined;
  }
}

export function serializeConversation(conversation: StoredConversation): string {
  return JSON.stringify({ version: SCHEMA_VERSION, conversation });
}
