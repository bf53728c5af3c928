"use client";

import { Chat, useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { ExternalChange } from "@/hooks/use-conversations";
import type { StoredConversation } from "@/lib/chat/conversation-store";
import { visitorErrorMessage } from "@/lib/chat/error-message";
import { conversationIdOf, messagesForRequest, type ChatMessage } from "@/lib/chat/messages";
import type { Branding } from "@/lib/config/branding";
import { Composer } from "./composer";
import { loadMarkdown } from "./markdown-loader";
import { MessageList } from "./message-list";
import { Welcome } from "./welcome";

interface ConversationProps {
  stored: StoredConversation;
  external?: ExternalChange;
  saveMessages: (conversation: StoredConversation, messages: ChatMessage[]) => void;
  /** Lets the header read the latest messages (for export) without re-rendering on every word. */
  messagesRef: RefObject<(() => ChatMessage[]) | null>;
  branding: Branding;
  demo: boolean;
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
      chat.messages = chat.messages.map((m) => (m.id === message.id ? { ...m, metadata: { ...m.metadata, incomplete } } : m));
    },
  });
  return chat;
}

function announcement(status: string, last: ChatMessage | undefined, botName: string): string {
  if (status === "submitted" || status === "streaming") return `${botName} is replying…`;
  if (status === "error") return "The reply failed.";
  if (last?.role !== "assistant") return "";
  return last.metadata?.incomplete === "stopped" ? "Reply stopped." : "Reply finished.";
}

export function Conversation({ stored, external, saveMessages, messagesRef, branding, demo }: ConversationProps) {
  const [chat] = useState(() => createChat(stored));
  const { messages, status, error, sendMessage, stop, regenerate, setMessages } = useChat({ chat });
  const lastSaved = useRef(0);
  const savedMessages = useRef(messages);
  /** Messages taken from another tab are already stored: writing them back would echo between tabs forever. */
  const adoptedExternal = useRef(false);
  const busy = status === "submitted" || status === "streaming";
  const latest = useRef(stored);

  useEffect(() => {
    latest.current = stored;
    messagesRef.current = () => chat.messages;
  }, [stored, chat, messagesRef]);

  useEffect(() => {
    if (adoptedExternal.current) {
      adoptedExternal.current = false;
      savedMessages.current = messages;
    }
    if (messages === savedMessages.current) return;
    const wait = busy ? Math.max(0, SAVE_EVERY_MS - (Date.now() - lastSaved.current)) : 0;
    const timer = setTimeout(() => {
      lastSaved.current = Date.now();
      savedMessages.current = messages;
      saveMessages(latest.current, messages);
    }, wait);
    return () => clearTimeout(timer);
  }, [messages, busy, saveMessages]);

  useEffect(() => {
    const saveNow = () => saveMessages(latest.current, chat.messages);
    window.addEventListener("pagehide", saveNow);
    return () => window.removeEventListener("pagehide", saveNow);
  }, [chat, saveMessages]);

  // Another tab's change to this conversation is taken when it arrives, never over a reply streaming here.
  const seenChange = useRef(external?.seq);
  useEffect(() => {
    if (!external || external.seq === seenChange.current || external.id !== stored.id || busy) return;
    seenChange.current = external.seq;
    adoptedExternal.current = true;
    setMessages(external.messages);
  }, [external, stored.id, busy, setMessages]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") void stop();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [busy, stop]);

  useEffect(() => {
    if (messages.length > 0) void loadMarkdown();
  }, [messages.length]);

  const send = useCallback((text: string) => void sendMessage({ text }), [sendMessage]);
  const onRegenerate = useCallback(() => void regenerate(), [regenerate]);
  const onEdit = useCallback((messageId: string, text: string) => void sendMessage({ text, messageId }), [sendMessage]);

  return (
    <>
      <MessageList
        messages={messages}
        status={status}
        empty={<Welcome branding={branding} demo={demo} onPick={send} />}
        onRegenerate={onRegenerate}
        onEdit={onEdit}
      />
      <p className="sr-only" role="status">
        {announcement(status, messages[messages.length - 1], branding.botName)}
      </p>
      {error && (
        <div className="chat-error" role="alert">
          <p>{visitorErrorMessage(error)}</p>
          <button type="button" className="button" onClick={onRegenerate}>
            Retry
          </button>
        </div>
      )}
      <Composer busy={busy} onSend={send} onStop={() => void stop()} onFocus={() => void loadMarkdown()} />
    </>
  );
}
