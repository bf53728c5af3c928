import type { ChatbaseSettings } from "../config/index.ts";
import type { ChatTurn } from "./types.ts";

export interface ChatInput {
  /** The visible history, oldest first; the last turn is the visitor's new message. */
  messages: ChatTurn[];
  conversationId?: string;
  /** v2: the visitor, applied by Chatbase only when the conversation is created. */
  userId?: string;
  /** v2: answer again instead of the assistant message with this id (Chatbase cuts its history there). */
  retryMessageId?: string;
}

export type Feedback = "positive" | "negative" | null;

/** Chatbase's pattern for user ids; our visitor ids fit inside it. */
export const USER_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * What an id that goes into an upstream URL must look like: it starts with a letter or digit, so it can
 * never be the dot segment `.` or `..` that URL resolution would remove (taking the owner's key to another
 * Chatbase endpoint); `encodeURIComponent` takes care of `/`, `?`, `#` and `%` in the rest.
 */
export const PATH_ID_START = /^[A-Za-z0-9]/;

/** An id that would change which upstream path gets the owner's key; the routes answer it as a bad request. */
export class UnsafeIdError extends Error {
  readonly field: string;

  constructor(field: string) {
    super(`${field} must start with a letter or digit.`);
    this.name = "UnsafeIdError";
    this.field = field;
  }
}

export function isUnsafeIdError(error: unknown): error is UnsafeIdError {
  return error instanceof UnsafeIdError;
}

/** One path segment holding `id`; throws rather than build a URL whose path the id could change. */
function segment(field: string, id: string): string {
  if (!PATH_ID_START.test(id)) throw new UnsafeIdError(field);
  return encodeURIComponent(id);
}

type UrlSettings = Pick<ChatbaseSettings, "apiVersion" | "baseUrl" | "chatbotId">;

function agentUrl(settings: UrlSettings): string {
  return `${settings.baseUrl}/api/v2/agents/${segment("CHATBASE_CHATBOT_ID", settings.chatbotId)}`;
}

export function chatUrl(settings: UrlSettings, input: Pick<ChatInput, "conversationId" | "retryMessageId"> = {}): string {
  if (settings.apiVersion === "v1") return `${settings.baseUrl}/api/v1/chat`;
  if (input.retryMessageId && input.conversationId) {
    return `${agentUrl(settings)}/conversations/${segment("conversationId", input.conversationId)}/retry`;
  }
  return `${agentUrl(settings)}/chat`;
}

export function userConversationsUrl(settings: UrlSettings, userId: string): string {
  return `${agentUrl(settings)}/users/${segment("userId", userId)}/conversations`;
}

export function conversationUrl(settings: UrlSettings, conversationId: string): string {
  return `${agentUrl(settings)}/conversations/${segment("conversationId", conversationId)}`;
}

export function conversationMessagesUrl(settings: UrlSettings, conversationId: string): string {
  return `${conversationUrl(settings, conversationId)}/messages`;
}

export function feedbackUrl(settings: UrlSettings, conversationId: string, messageId: string): string {
  return `${agentUrl(settings)}/conversations/${segment("conversationId", conversationId)}/messages/${segment("messageId", messageId)}/feedback`;
}

/**
 * v1 gets the whole history; v2 keeps the history itself, keyed by the
 * conversation id, and takes only the new message (or, to regenerate, the
 * assistant message to answer again).
 */
export function chatRequestBody(settings: Pick<ChatbaseSettings, "apiVersion" | "chatbotId">, input: ChatInput): string {
  if (settings.apiVersion === "v2") {
    if (input.retryMessageId && input.conversationId) return JSON.stringify({ messageId: input.retryMessageId, stream: true });
    const last = input.messages[input.messages.length - 1];
    return JSON.stringify({
      message: last?.content ?? "",
      stream: true,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      ...(!input.conversationId && input.userId && USER_ID_PATTERN.test(input.userId) ? { userId: input.userId } : {}),
    });
  }
  return JSON.stringify({
    messages: input.messages.map(({ role, content }) => ({ role, content })),
    chatbotId: settings.chatbotId,
    stream: true,
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
  });
}
