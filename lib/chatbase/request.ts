import type { ChatbaseSettings } from "../config/index.ts";
import type { ChatTurn } from "./types.ts";

export interface ChatInput {
  /** The visible history, oldest first; the last turn is the visitor's new message. */
  messages: ChatTurn[];
  conversationId?: string;
}

export function chatUrl(settings: Pick<ChatbaseSettings, "apiVersion" | "baseUrl" | "chatbotId">): string {
  return settings.apiVersion === "v2"
    ? `${settings.baseUrl}/api/v2/agents/${encodeURIComponent(settings.chatbotId)}/chat`
    : `${settings.baseUrl}/api/v1/chat`;
}

/**
 * v1 gets the whole history; v2 keeps the history itself, keyed by the
 * conversation id, and takes only the new message.
 */
export function chatRequestBody(settings: Pick<ChatbaseSettings, "apiVersion" | "chatbotId">, input: ChatInput): string {
  if (settings.apiVersion === "v2") {
    const last = input.messages[input.messages.length - 1];
    return JSON.stringify({
      message: last?.content ?? "",
      stream: true,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
    });
  }
  return JSON.stringify({
    messages: input.messages.map(({ role, content }) => ({ role, content })),
    chatbotId: settings.chatbotId,
    stream: true,
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
  });
}
