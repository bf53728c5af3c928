import type { UIMessage } from "ai";
import type { Feedback } from "../chatbase/request.ts";

export type { Feedback };
import { LIMITS } from "./limits.ts";
import type { ActionData } from "./reply-stream.ts";

/** What the page keeps on each message besides its text. */
export interface ChatMessageMetadata {
  /** The Chatbase conversation this reply belongs to (v2 hands it out with the reply). */
  conversationId?: string;
  /** v2: Chatbase's id of this assistant message, which feedback and regenerate need. */
  messageId?: string;
  /** The visitor's verdict on this reply, as Chatbase last accepted it. */
  feedback?: Feedback;
  /** `tool-calls`: the reply stopped for an action only the caller could run. */
  finishReason?: "tool-calls";
  /** Set when the reply did not finish: the visitor stopped it, or it failed part-way. */
  incomplete?: "stopped" | "failed";
  /** Stored while the reply was still arriving (the page was left): its id is the server's, which holds the rest. */
  arriving?: true;
}

export type ChatMessage = UIMessage<ChatMessageMetadata, { action: ActionData }>;

/** The Custom Actions a reply used, in the order they started. */
export function actionsOf(message: ChatMessage): (ActionData & { id: string })[] {
  const actions: (ActionData & { id: string })[] = [];
  for (const part of message.parts) if (part.type === "data-action" && part.id) actions.push({ id: part.id, ...part.data });
  return actions;
}

/** The Chatbase id of the conversation's last reply, when regenerating it can go through Chatbase's retry. */
export function retryTarget(messages: ChatMessage[]): string | undefined {
  const last = messages[messages.length - 1];
  return last?.role === "assistant" ? last.metadata?.messageId : undefined;
}

export function textOf(message: Pick<UIMessage, "parts">): string {
  let text = "";
  for (const part of message.parts) if (part.type === "text") text += part.text;
  return text;
}

/** The newest conversation id a reply carried, else the one the page made (v1). */
export function conversationIdOf(messages: ChatMessage[], fallback?: string): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const id = messages[i].metadata?.conversationId;
    if (id) return id;
  }
  return fallback;
}

interface RequestMessage {
  id: string;
  role: "user" | "assistant";
  parts: { type: "text"; text: string }[];
}

/** Room left for the JSON around the messages. */
const BODY_HEADROOM_BYTES = 4 * 1024;

/**
 * The history to send with a turn: text only, newest last, trimmed from the
 * oldest end so that the request stays inside the server's bounds however
 * long the conversation has grown.
 */
export function messagesForRequest(messages: UIMessage[]): RequestMessage[] {
  const encoder = new TextEncoder();
  const picked: RequestMessage[] = [];
  let bytes = BODY_HEADROOM_BYTES;
  for (let i = messages.length - 1; i >= 0 && picked.length < LIMITS.maxMessages; i--) {
    const message = messages[i];
    if (message.role !== "user" && message.role !== "assistant") continue;
    const text = textOf(message).slice(0, LIMITS.maxMessageChars);
    if (text.trim().length === 0) continue;
    const entry: RequestMessage = { id: message.id, role: message.role, parts: [{ type: "text", text }] };
    bytes += encoder.encode(JSON.stringify(entry)).byteLength + 1;
    if (bytes > LIMITS.maxBodyBytes && picked.length > 0) break;
    picked.push(entry);
  }
  return picked.reverse();
}
