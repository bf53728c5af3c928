"use client";

import { lazy, memo, Suspense, useEffect, useRef, useState } from "react";
import { LIMITS } from "@/lib/chat/limits";
import { textOf, type ChatMessage } from "@/lib/chat/messages";
import { CopyButton } from "./copy-button";
import { loadMarkdown } from "./markdown-loader";

const Markdown = lazy(loadMarkdown);

export function TypingDots() {
  return (
    <span className="typing" aria-hidden>
      <span />
      <span />
      <span />
    </span>
  );
}

const INCOMPLETE_LABEL = {
  stopped: "Stopped: this reply is incomplete",
  failed: "Interrupted: this reply is incomplete",
} as const;

interface MessageProps {
  message: ChatMessage;
  streaming: boolean;
  /** Set on the last reply when it can be regenerated. */
  onRegenerate?: () => void;
  /** Set on the visitor's last message when it can be edited and sent again. */
  onEdit?: (text: string) => void;
}

function EditForm({ text, onSave, onCancel }: { text: string; onSave: (text: string) => void; onCancel: () => void }) {
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
        aria-label="Edit message"
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
          Cancel
        </button>
        <button type="submit" className="button button-send" disabled={!draft.trim()}>
          Save and send
        </button>
      </div>
    </form>
  );
}

/**
 * One turn. Memoised: a finished message keeps its props, so it does not
 * re-render while another streams; `data-renders` counts its renders so the
 * browser tests can prove it.
 */
export const Message = memo(function Message({ message, streaming, onRegenerate, onEdit }: MessageProps) {
  const [editing, setEditing] = useState(false);
  const root = useRef<HTMLElement>(null);
  const renders = useRef(0);
  useEffect(() => {
    renders.current += 1;
    if (root.current) root.current.dataset.renders = String(renders.current);
  });

  const mine = message.role === "user";
  const text = textOf(message);
  const incomplete = message.metadata?.incomplete;
  return (
    <article
      ref={root}
      className={`message ${mine ? "message-user" : "message-assistant"}`}
      data-role={message.role}
      data-streaming={streaming || undefined}
      data-incomplete={incomplete}
      aria-label={mine ? "You said" : "Assistant said"}
    >
      {editing && onEdit ? (
        <EditForm
          text={text}
          onCancel={() => setEditing(false)}
          onSave={(edited) => {
            setEditing(false);
            onEdit(edited);
          }}
        />
      ) : (
        <div className="message-bubble">
          {mine ? (
            text
          ) : (
            // Until the renderer has loaded, the words as plain text: never dots over words that have arrived.
            <Suspense fallback={text ? <div className="markdown markdown-pending">{text}</div> : <TypingDots />}>
              <Markdown text={text} streaming={streaming} />
            </Suspense>
          )}
        </div>
      )}
      {incomplete && <p className="message-note">{INCOMPLETE_LABEL[incomplete]}</p>}
      {!streaming && !editing && text && (
        <div className="message-actions">
          {!mine && <CopyButton text={() => text} label="Copy reply" />}
          {onRegenerate && (
            <button type="button" className="icon-button" onClick={onRegenerate}>
              Regenerate
            </button>
          )}
          {onEdit && (
            <button type="button" className="icon-button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
        </div>
      )}
    </article>
  );
});
