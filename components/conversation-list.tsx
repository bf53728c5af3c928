"use client";

import { useEffect, useRef, useState } from "react";
import type { ConversationSummary } from "@/lib/chat/conversation-store";
import { fill } from "@/lib/i18n/format";
import { useText } from "./i18n-provider";

interface ConversationListProps {
  summaries: ConversationSummary[];
  currentId: string;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}

function RenameForm({ title, onDone }: { title: string; onDone: (title?: string) => void }) {
  const text = useText();
  const [value, setValue] = useState(title);
  return (
    <form
      className="rename-form"
      onSubmit={(event) => {
        event.preventDefault();
        onDone(value);
      }}
    >
      <input
        aria-label={text.list.name}
        dir="auto"
        value={value}
        maxLength={80}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            onDone();
          }
        }}
      />
      <button type="submit" className="icon-button">
        {text.list.save}
      </button>
    </form>
  );
}

/** The visitor's conversations, newest first: open, rename, delete. */
export function ConversationList({ summaries, currentId, onOpen, onRename, onDelete }: ConversationListProps) {
  const text = useText();
  const [renaming, setRenaming] = useState<string>();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[aria-current="true"] .conversation-open')?.scrollIntoView({ block: "nearest" });
  }, [currentId]);

  if (summaries.length === 0) return <p className="conversation-empty">{text.list.empty}</p>;
  return (
    <ul className="conversation-list" ref={list}>
      {summaries.map(({ id, title, remote }) => (
        <li key={id} className="conversation-item" aria-current={id === currentId ? "true" : undefined} data-remote={remote}>
          {renaming === id ? (
            <RenameForm
              title={title}
              onDone={(newTitle) => {
                setRenaming(undefined);
                if (newTitle !== undefined && newTitle.trim() !== title) onRename(id, newTitle);
              }}
            />
          ) : (
            <>
              <button type="button" className="conversation-open" dir="auto" onClick={() => onOpen(id)} aria-current={id === currentId ? "page" : undefined}>
                {title}
              </button>
              {/* From the visitor's account, not this browser: nothing here to rename or delete until it is continued. */}
              {!remote && (
              <>
              <button type="button" className="icon-button" aria-label={fill(text.list.rename, { title })} onClick={() => setRenaming(id)}>
                <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                  <path d="M12 20h9M16.5 3.5a2.1 2.1 0 1 1 3 3L7 19l-4 1 1-4z" />
                </svg>
              </button>
              <button type="button" className="icon-button" aria-label={fill(text.list.delete, { title })} onClick={() => onDelete(id)}>
                <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                  <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
                </svg>
              </button>
              </>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
