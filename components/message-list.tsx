"use client";

import { useEffect, useRef } from "react";
import { textOf, type ChatMessage } from "@/lib/chat/messages";
import { Message } from "./message";

interface MessageListProps {
  messages: ChatMessage[];
  /** submitted: waiting for the first word; streaming: words are arriving. */
  status: "submitted" | "streaming" | "ready" | "error";
  empty: React.ReactNode;
}

export function MessageList({ messages, status, empty }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages[messages.length - 1];
  const lastLength = last ? textOf(last).length : 0;

  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, lastLength, status]);

  const streamingId = status === "streaming" && last?.role === "assistant" ? last.id : undefined;
  return (
    <div className="message-list" role="log" aria-label="Conversation" aria-busy={status === "submitted" || status === "streaming"}>
      {messages.length === 0 && empty}
      {messages.map((message) => (
        <Message key={message.id} message={message} streaming={message.id === streamingId} />
      ))}
      {status === "submitted" && (
        <div className="typing" aria-label="The assistant is typing">
          <span />
          <span />
          <span />
        </div>
      )}
      <div ref={end} />
    </div>
  );
}
