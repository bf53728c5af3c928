"use client";

import { useRef } from "react";
import { useFollowScroll } from "@/hooks/use-follow-scroll";
import type { ChatMessage } from "@/lib/chat/messages";
import { useText } from "./i18n-provider";
import { Message, TypingDots } from "./message";

interface MessageListProps {
  messages: ChatMessage[];
  /** submitted: waiting for the first word; streaming: words are arriving. */
  status: "submitted" | "streaming" | "ready" | "error";
  empty: React.ReactNode;
  onRegenerate: () => void;
  onEdit: (messageId: string, text: string) => void;
}

export function MessageList({ messages, status, empty, onRegenerate, onEdit }: MessageListProps) {
  const text = useText();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const { following, jumpToLatest } = useFollowScroll(scroller, content);
  const busy = status === "submitted" || status === "streaming";
  const last = messages[messages.length - 1];
  const streamingId = status === "streaming" && last?.role === "assistant" ? last.id : undefined;
  const lastUserId = messages.findLast((message) => message.role === "user")?.id;

  return (
    <div className="message-area">
      <div className="message-scroller" ref={scroller}>
        <div className="message-list" role="log" aria-label={text.conversation.label} aria-busy={busy} ref={content}>
          {messages.length === 0 && empty}
          {messages.map((message) => (
            <Message
              key={message.id}
              message={message}
              streaming={message.id === streamingId}
              onRegenerate={!busy && message === last && message.role === "assistant" ? onRegenerate : undefined}
              onEdit={!busy && message.id === lastUserId ? (text) => onEdit(message.id, text) : undefined}
            />
          ))}
          {status === "submitted" && <TypingDots />}
        </div>
      </div>
      {!following && (
        <button type="button" className="jump-to-latest" onClick={jumpToLatest}>
          {text.conversation.jumpToLatest}
        </button>
      )}
    </div>
  );
}
