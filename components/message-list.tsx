"use client";

import { useRef, useState } from "react";
import { useDrawnInSteps } from "@/hooks/use-drawn-in-steps";
import { useFollowScroll } from "@/hooks/use-follow-scroll";
import { EARLY_TURNS_CLASS } from "@/lib/chat/early-intents";
import type { ChatMessage, Feedback } from "@/lib/chat/messages";
import { useText } from "./i18n-provider";
import { Message, TypingDots } from "./message";

interface MessageListProps {
  messages: ChatMessage[];
  /** submitted: waiting for the first word; streaming: words are arriving. */
  status: "submitted" | "streaming" | "ready" | "error";
  empty: React.ReactNode;
  onRegenerate: () => void;
  onEdit: (messageId: string, text: string) => void;
  /** v2 only: Chatbase takes feedback on its replies. */
  onFeedback?: (messageId: string, feedback: Feedback) => void;
  /** v2: Chatbase keeps its own copy of the conversation, so a turn it answered is not edited here. */
  serverHistory?: boolean;
  /** Chatbase takes no more messages: nothing can be sent again. */
  ended?: boolean;
}

/** v2: editing the last message is honest only while Chatbase has no reply to it (the turn failed before one came). */
function editable(messages: ChatMessage[], lastUserId: string | undefined, serverHistory: boolean): boolean {
  if (!serverHistory) return true;
  const index = messages.findIndex((message) => message.id === lastUserId);
  return !messages.slice(index + 1).some((message) => message.role === "assistant" && message.metadata?.messageId);
}

/** Drawn at once: the latest messages, more than a screen holds; earlier ones follow a step per frame, above them. */
const LATEST_DRAWN = 10;
const EARLIER_PER_STEP = 10;

/**
 * The messages of one conversation (keyed by it). A long stored conversation is drawn from its end: the latest
 * messages at once, at the bottom where the visitor reads, then the earlier ones above them in steps (the
 * scroll stays at the bottom), so that opening it never blocks the page for long.
 */
export function MessageList({ messages, status, empty, onRegenerate, onEdit, onFeedback, serverHistory = false, ended = false }: MessageListProps) {
  const text = useText();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const { following, jumpToLatest } = useFollowScroll(scroller, content);
  const [storedCount] = useState(messages.length);
  const earlierHidden = storedCount - useDrawnInSteps(storedCount, LATEST_DRAWN, EARLIER_PER_STEP);
  const busy = status === "submitted" || status === "streaming";
  const last = messages[messages.length - 1];
  const streamingId = status === "streaming" && last?.role === "assistant" ? last.id : undefined;
  const lastUserId = messages.findLast((message) => message.role === "user")?.id;
  const canResend = !busy && !ended;
  const canEdit = canResend && editable(messages, lastUserId, serverHistory);

  return (
    <div className="message-area">
      <div className="message-scroller" ref={scroller}>
        <div className="message-list" role="log" aria-label={text.conversation.label} aria-busy={busy || earlierHidden > 0} ref={content}>
          {messages.length === 0 && empty}
          {/* A message sent before hydration, and its reply's first words, drawn by the page's inline script
              (lib/chat/early-intents.ts): React leaves an element's set HTML as it finds it, and the list replaces it. */}
          {messages.length === 0 && <div className={EARLY_TURNS_CLASS} dangerouslySetInnerHTML={{ __html: "" }} suppressHydrationWarning />}
          {messages.slice(earlierHidden).map((message, index) => (
            <Message
              key={message.id}
              message={message}
              streaming={message.id === streamingId}
              stored={earlierHidden + index < storedCount}
              onRegenerate={canResend && message === last && message.role === "assistant" ? onRegenerate : undefined}
              onEdit={canEdit && message.id === lastUserId ? (text) => onEdit(message.id, text) : undefined}
              onFeedback={onFeedback}
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
