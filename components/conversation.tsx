"use client";
// Server and browser: one conversation on screen. It owns nothing of the conversation's state: it reads the
// live chat (lib/chat/live-chat.ts) and asks it to act.

import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useLead } from "@/hooks/use-lead";
import { currentSurface, events, trackEvent } from "@/lib/chat/analytics";
import { DRAFT_KEY } from "@/lib/chat/conversation-store";
import { visitorErrorMessage } from "@/lib/chat/error-message";
import type { LiveChat, LiveSnapshot } from "@/lib/chat/live-chat";
import { textOf, type Feedback } from "@/lib/chat/messages";
import type { Branding } from "@/lib/config/branding";
import type { LeadSettings } from "@/lib/config/lead";
import type { Messages } from "@/lib/i18n";
import { fill } from "@/lib/i18n/format";
import { Composer } from "./composer";
import { ConversationEnded } from "./conversation-ended";
import { useText } from "./i18n-provider";
import { LeadForm } from "./lead-form";
import { loadMarkdown, useMarkdownLoaded } from "./markdown-loader";
import { MessageList } from "./message-list";
import { Welcome } from "./welcome";

interface ConversationProps {
  live: LiveChat;
  branding: Branding;
  demo: boolean;
  /** v2: Chatbase keeps the history and takes feedback; the page must not rewrite a turn it answered. */
  serverHistory?: boolean;
  onStartNew?: () => void;
  /** CHAT_LEAD_FORM and its fields; off when absent. */
  lead?: LeadSettings;
  /** The visitor id the page keeps, for the lead's contact. */
  visitorId?: () => string;
}

const NO_LEAD: LeadSettings = { form: { mode: "off" }, fields: [] };



function announcement({ status, messages }: LiveSnapshot, botName: string, { conversation }: Messages): string {
  if (status === "submitted" || status === "streaming") return fill(conversation.replying, { botName });
  if (status === "error") return conversation.failed;
  const last = messages.at(-1);
  if (last?.role !== "assistant") return "";
  return last.metadata?.incomplete === "stopped" ? conversation.stopped : conversation.finished;
}

/**
 * The messages, the composer, errors and Retry. A message the visitor sends leaves at once: the AI SDK
 * and the Markdown renderer load on the visitor's first intent (or the first reply that needs the renderer)
 * and take over when they arrive.
 */
export function Conversation({ live, branding, demo, serverHistory = false, onStartNew, lead = NO_LEAD, visitorId = () => "" }: ConversationProps) {
  const text = useText();
  const snapshot = useSyncExternalStore(live.subscribe, live.getSnapshot, live.getSnapshot);
  const { messages, status, error, ended, engine } = snapshot;
  const busy = status === "submitted" || status === "streaming";
  const rendererLoaded = useMarkdownLoaded();
  const visitorMessages = messages.filter((message) => message.role === "user").length;
  const leadView = useLead(lead.form, live.id, visitorMessages, busy);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") live.stop();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [busy, live]);

  // The visitor shows intent (a tap, a key, the focus in the box): what a reply needs loads now, while they type.
  const wake = useCallback(() => {
    live.warmUp();
    loadMarkdown();
  }, [live]);

  const send = useCallback((message: string) => live.send(message), [live]);
  const regenerate = useCallback(() => live.regenerate(), [live]);
  const edit = useCallback((messageId: string, message: string) => live.edit(messageId, message), [live]);
  const feedback = useCallback(
    (messageId: string, choice: Feedback) => {
      trackEvent(events.feedbackGiven(currentSurface(), choice));
      live.setFeedback(messageId, choice);
    },
    [live],
  );
  const stop = useCallback(() => live.stop(), [live]);

  // The message Chatbase refused goes with the visitor into the new chat, unless they are already typing another.
  const startNewWithUnanswered = useCallback(() => {
    const last = live.getSnapshot().messages.at(-1);
    try {
      if (last?.role === "user" && !localStorage.getItem(DRAFT_KEY)) localStorage.setItem(DRAFT_KEY, textOf(last));
    } catch {
      // Storage blocked: the message stays visible in the ended conversation.
    }
    onStartNew?.();
  }, [live, onStartNew]);

  return (
    <div
      className="conversation"
      // What a reply needs has loaded (the AI SDK, the Markdown renderer): the next reply draws as Markdown from its first word.
      data-ready={engine === "ready" && rendererLoaded}
      onPointerDownCapture={wake}
      onKeyDownCapture={wake}
      onFocusCapture={wake}
    >
      <MessageList
        key={live.id}
        messages={messages}
        status={status}
        empty={<Welcome branding={branding} demo={demo} onPick={leadView.blocking ? undefined : send} />}
        onRegenerate={regenerate}
        onEdit={edit}
        onFeedback={serverHistory ? feedback : undefined}
        serverHistory={serverHistory}
        ended={ended}
      />
      <p className="sr-only" role="status">
        {announcement(snapshot, branding.botName, text)}
      </p>
      {ended && onStartNew && <ConversationEnded onStartNew={startNewWithUnanswered} />}
      {engine === "failed" && (
        <div className="chat-error" role="alert">
          <p>{text.conversation.codeFailed}</p>
          <button type="button" className="button" onClick={() => live.retryEngine()}>
            {text.conversation.retry}
          </button>
        </div>
      )}
      {error && !ended && (
        <div className="chat-error" role="alert">
          <p>{visitorErrorMessage(error, text)}</p>
          <button type="button" className="button" onClick={regenerate}>
            {text.conversation.retry}
          </button>
        </div>
      )}
      {leadView.shown && lead.form.mode !== "off" && (
        <LeadForm
          fields={lead.fields}
          kind={lead.form.mode}
          visitorId={visitorId}
          sent={leadView.sent}
          onSent={leadView.markSent}
          onDismiss={leadView.dismiss}
        />
      )}
      <Composer busy={busy} disabled={ended || leadView.blocking} placeholder={leadView.blocking ? text.lead.waiting : undefined} onSend={send} onStop={stop} />
    </div>
  );
}
