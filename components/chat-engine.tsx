"use client";

import { Chat, useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useState } from "react";
import type { StoredConversation } from "@/lib/chat/conversation-store";
import { conversationIdOf, messagesForRequest, type ChatMessage } from "@/lib/chat/messages";

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
  latestMessages: () => ChatMessage[];
}

function createChat(stored: StoredConversation): Chat<ChatMessage> {
  const chat: Chat<ChatMessage> = new Chat<ChatMessage>({
    id: stored.id,
    messages: stored.messages,
    transport: new DefaultChatTransport<ChatMessage>({
      api: "/api/chat",
      headers: { Accept: "text/event-stream" },
      prepareSendMessagesRequest: ({ messages }) => ({
        body: {
          messages: messagesForRequest(messages),
          conversationId: conversationIdOf(messages, stored.conversationId),
        },
      }),
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
export default function ChatEngine({ stored, onChange }: { stored: StoredConversation; onChange: (api: ChatEngineApi) => void }) {
  const [chat] = useState(() => createChat(stored));
  const { messages, status, error, sendMessage, stop, regenerate, setMessages } = useChat({ chat });
  useEffect(() => {
    onChange({
      messages,
      status,
      error,
      send: (text) => void sendMessage({ text }),
      edit: (messageId, text) => void sendMessage({ text, messageId }),
      regenerate: () => void regenerate(),
      stop: () => void stop(),
      replaceMessages: setMessages,
      latestMessages: () => chat.messages,
    });
  }, [messages, status, error, sendMessage, stop, regenerate, setMessages, chat, onChange]);
  return null;
}
