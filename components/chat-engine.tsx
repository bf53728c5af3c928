"use client";

import { Chat, useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useState } from "react";
import type { StoredConversation } from "@/lib/chat/conversation-store";
import { conversationIdOf, messagesForRequest, retryTarget, type ChatMessage, type ChatMessageMetadata } from "@/lib/chat/messages";

/** What the page can see and do of a conversation once the AI SDK has loaded. */
export interface ChatEngineApi {
  messages: ChatMessage[];
  status: "submitted" | "streaming" | "ready" | "error";
  error?: Error;
  send: (text: string) => void;
  edit: (messageId: string, text: string) => void;
  regenerate: () => void;
  stop: () => void;
  replaceMessages: (messages: ChatMessage[]) => void;
  /** Merges into one message's metadata (a feedback choice), without a request. */
  updateMetadata: (messageId: string, metadata: ChatMessageMetadata) => void;
  latestMessages: () => ChatMessage[];
}

/** What the page adds to a regenerate request on v2: Chatbase answers again through its retry endpoint. */
interface RetryBody {
  retry?: { messageId: string };
  conversationId?: string;
}

function createChat(stored: StoredConversation, visitorId: string): Chat<ChatMessage> {
  const chat: Chat<ChatMessage> = new Chat<ChatMessage>({
    id: stored.id,
    messages: stored.messages,
    transport: new DefaultChatTransport<ChatMessage>({
      api: "/api/chat",
      headers: { Accept: "text/event-stream" },
      prepareSendMessagesRequest: ({ messages, body }) => {
        const retry = body as RetryBody | undefined;
        return {
          body: {
            messages: messagesForRequest(messages),
            conversationId: retry?.conversationId ?? conversationIdOf(messages, stored.conversationId),
            visitorId,
            ...(retry?.retry ? { retry: retry.retry } : {}),
          },
        };
      },
    }),
    onFinish: ({ message, isAbort, isError, isDisconnect }) => {
      if (message.role !== "assistant" || !(isAbort || isError || isDisconnect)) return;
      const incomplete = isAbort ? "stopped" : "failed";
      chat.messages = chat.messages.map((m) => (m.id === message.id ? { ...m, metadata: { ...m.metadata, incomplete } } : m));
    },
  });
  return chat;
}

/**
 * `useChat` behind a component that renders nothing and hands its state up.
 * It lives in its own chunk with the AI SDK, loaded when the visitor first
 * interacts, so a first visit downloads only the page itself.
 */
interface ChatEngineProps {
  stored: StoredConversation;
  /** Sent with every turn; Chatbase v2 files a new conversation under it. */
  visitorId: string;
  onChange: (api: ChatEngineApi) => void;
}

export default function ChatEngine({ stored, visitorId, onChange }: ChatEngineProps) {
  const [chat] = useState(() => createChat(stored, visitorId));
  const { messages, status, error, sendMessage, stop, regenerate, setMessages } = useChat({ chat });
  useEffect(() => {
    onChange({
      messages,
      status,
      error,
      send: (text) => void sendMessage({ text }),
      edit: (messageId, text) => void sendMessage({ text, messageId }),
      regenerate: () => {
        // Read before regenerate() drops the reply: Chatbase's id of it, and the conversation it belongs to.
        const messageId = retryTarget(chat.messages);
        const body: RetryBody | undefined = messageId
          ? { retry: { messageId }, conversationId: conversationIdOf(chat.messages, stored.conversationId) }
          : undefined;
        void regenerate(body ? { body: { ...body } } : undefined);
      },
      stop: () => void stop(),
      replaceMessages: setMessages,
      updateMetadata: (messageId, metadata) => {
        chat.messages = chat.messages.map((m) => (m.id === messageId ? { ...m, metadata: { ...m.metadata, ...metadata } } : m));
      },
      latestMessages: () => chat.messages,
    });
  }, [messages, status, error, sendMessage, stop, regenerate, setMessages, chat, stored.conversationId, onChange]);
  return null;
}
