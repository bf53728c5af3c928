"use client";

import { Chat, useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useRef, useState } from "react";
import type { StoredConversation } from "@/lib/chat/conversation-store";
import { visitorErrorMessage } from "@/lib/chat/error-message";
import { conversationIdOf, messagesForRequest, type ChatMessage } from "@/lib/chat/messages";
import { Composer } from "./composer";
import { MessageList } from "./message-list";

interface ConversationProps {
  stored: StoredConversation;
  saveMessages: (messages: ChatMessage[]) => void;
  empty: React.ReactNode;
}

/** How often a streaming reply is written to storage; a finished turn is written at once. */
const SAVE_EVERY_MS = 500;

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
      chat.messages = chat.messages.map((m) =>
        m.id === message.id ? { ...m, metadata: { ...m.metadata, incomplete } } : m,
      );
    },
  });
  return chat;
}

export function Conversation({ stored, saveMessages, empty }: ConversationProps) {
  const [chat] = useState(() => createChat(stored));
  const { messages, status, error, sendMessage, stop, regenerate } = useChat({ chat });
  const lastSaved = useRef(0);
  const busy = status === "submitted" || status === "streaming";

  useEffect(() => {
    const wait = busy ? Math.max(0, SAVE_EVERY_MS - (Date.now() - lastSaved.current)) : 0;
    const timer = setTimeout(() => {
      lastSaved.current = Date.now();
      saveMessages(messages);
    }, wait);
    return () => clearTimeout(timer);
  }, [messages, busy, saveMessages]);

  useEffect(() => {
    const saveNow = () => saveMessages(chat.messages);
    window.addEventListener("pagehide", saveNow);
    return () => window.removeEventListener("pagehide", saveNow);
  }, [chat, saveMessages]);

  return (
    <>
      <MessageList messages={messages} status={status} empty={empty} />
      {error && (
        <div className="chat-error" role="alert">
          <p>{visitorErrorMessage(error)}</p>
          <button type="button" className="button" onClick={() => void regenerate()}>
            Retry
          </button>
        </div>
      )}
      <Composer busy={busy} onSend={(text) => void sendMessage({ text })} onStop={() => void stop()} />
    </>
  );
}
