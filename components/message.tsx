"use client";

import { memo, useState } from "react";
import { LIMITS } from "@/lib/chat/limits";
import { actionsOf, textOf, type ChatMessage, type Feedback } from "@/lib/chat/messages";
import { ActionLines } from "./action-lines";
import { CopyButton } from "./copy-button";
import { FeedbackButtons } from "./feedback-buttons";
import { useText } from "./i18n-provider";
import { LoadedMarkdown, TreeMarkdown, useReplyView } from "./markdown-loader";

export function TypingDots() {
  return (
    <span className="typing" aria-hidden>
      <span />
      <span />
      <span />
    </span>
  );
}

function PlainReply({ text }: { text: string }) {
  return text ? <div className="markdown markdown-pending">{text}</div> : <TypingDots />;
}

interface MessageProps {
  message: ChatMessage;
  streaming: boolean;
  /** Read with its conversation (not arrived in this page): its Markdown parsed by a worker (see `useReplyView`). */
  stored?: boolean;
  /** Set on the last reply when it can be regenerated. */
  onRegenerate?: () => void;
  /** Set on the visitor's last message when it can be edited and sent again. */
  onEdit?: (text: string) => void;
  /** v2: keeps a saved feedback choice with the message; replies that carry Chatbase's ids get the buttons. */
  onFeedback?: (messageId: string, feedback: Feedback) => void;
}

function EditForm({ text, onSave, onCancel }: { text: string; onSave: (text: string) => void; onCancel: () => void }) {
  const { message } = useText();
  const [draft, setDraft] = useState(text);
  return (
    <form
      className="message-edit"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim()) onSave(draft);
      }}
    >
      <textarea
        aria-label={message.editLabel}
        dir="auto"
        value={draft}
        maxLength={LIMITS.maxUserMessageChars}
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <div className="message-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {message.cancel}
        </button>
        <button type="submit" className="button button-send" disabled={!draft.trim()}>
          {message.saveAndSend}
        </button>
      </div>
    </form>
  );
}

/**
 * One turn. Memoised: a finished message keeps its props, so it does not
 * re-render while another streams.
 */
export const Message = memo(function Message({ message, streaming, stored = false, onRegenerate, onEdit, onFeedback }: MessageProps) {
  const catalog = useText();
  const words = catalog.message;
  const [editing, setEditing] = useState(false);
  const mine = message.role === "user";
  const text = textOf(message);
  const view = useReplyView(!mine, text, stored, streaming);
  const incomplete = message.metadata?.incomplete;
  const actions = actionsOf(message);
  const { conversationId, messageId: chatbaseId } = message.metadata ?? {};
  const waitsForAction = message.metadata?.finishReason === "tool-calls";
  const empty = !mine && !streaming && !text && !incomplete && !waitsForAction;
  return (
    <article
      className={`message ${mine ? "message-user" : "message-assistant"}`}
      data-role={message.role}
      data-streaming={streaming || undefined}
      data-incomplete={incomplete}
      aria-label={mine ? words.you : words.assistant}
    >
      {!mine && <ActionLines actions={actions} streaming={streaming} />}
      {editing && onEdit ? (
        <EditForm
          text={text}
          onCancel={() => setEditing(false)}
          onSave={(edited) => {
            setEditing(false);
            onEdit(edited);
          }}
        />
      ) : !mine && !streaming && !text ? null : (
        <div className="message-bubble" dir="auto">
          {mine ? (
            text
          ) : (
            // Until the renderer has loaded, the words as plain text: never dots over words that have arrived.
            view.as === "tree" ? (
              <TreeMarkdown blocks={view.blocks} />
            ) : view.as === "markdown" ? (
              <LoadedMarkdown text={text} streaming={streaming} />
            ) : (
              <PlainReply text={text} />
            )
          )}
        </div>
      )}
      {incomplete && <p className="message-note">{incomplete === "stopped" ? words.stoppedNote : words.interruptedNote}</p>}
      {waitsForAction && <p className="message-note">{catalog.agent.unsupportedAction}</p>}
      {empty && <p className="message-note">{catalog.agent.emptyReply}</p>}
      {!streaming && !editing && (text || onRegenerate) && (
        <div className="message-actions">
          {!mine && text && <CopyButton text={() => text} label={words.copyReply} />}
          {!mine && onFeedback && chatbaseId && conversationId && (
            <FeedbackButtons
              target={{ conversationId, messageId: chatbaseId }}
              value={message.metadata?.feedback}
              onSaved={(feedback) => onFeedback(message.id, feedback)}
            />
          )}
          {onRegenerate && (
            <button type="button" className="icon-button" onClick={onRegenerate}>
              {words.regenerate}
            </button>
          )}
          {onEdit && (
            <button type="button" className="icon-button" onClick={() => setEditing(true)}>
              {words.edit}
            </button>
          )}
        </div>
      )}
    </article>
  );
});
