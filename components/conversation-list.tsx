"use client";

import { memo, useCallback, useEffect, useRef, useState } from "react";
import { useDrawnInSteps } from "@/hooks/use-drawn-in-steps";
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

/** Drawn at once: more than a sidebar or a drawer shows; the rest follow a step per frame (see `useDrawnInSteps`). */
const FIRST_DRAWN = 24;
const DRAWN_PER_STEP = 24;

interface ItemProps {
  id: string;
  title: string;
  remote?: boolean;
  current: boolean;
  /** Set on the item being renamed: what its form does when done. */
  onRenamed?: (title?: string) => void;
}

/**
 * One conversation. Memoised, and with no handlers of its own (the list handles its buttons' clicks), so that
 * the list changing (a conversation saved, the list read again) draws only the items that changed.
 */
const Item = memo(function Item({ id, title, remote, current, onRenamed }: ItemProps) {
  const text = useText();
  return (
    <li className="conversation-item" data-id={id} aria-current={current ? "true" : undefined} data-remote={remote}>
      {onRenamed ? (
        <RenameForm title={title} onDone={onRenamed} />
      ) : (
        <>
          <button type="button" className="conversation-open" dir="auto" data-action="open" aria-current={current ? "page" : undefined}>
            {title}
          </button>
          {/* From the visitor's account, not this browser: nothing here to rename or delete until it is continued. */}
          {!remote && (
            <>
              <button type="button" className="icon-button" data-action="rename" aria-label={fill(text.list.rename, { title })}>
                <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                  <path d="M12 20h9M16.5 3.5a2.1 2.1 0 1 1 3 3L7 19l-4 1 1-4z" />
                </svg>
              </button>
              <button type="button" className="icon-button" data-action="delete" aria-label={fill(text.list.delete, { title })}>
                <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                  <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
                </svg>
              </button>
            </>
          )}
        </>
      )}
    </li>
  );
});

/** The visitor's conversations, newest first: open, rename, delete. A long list is drawn in steps. */
export function ConversationList({ summaries, currentId, onOpen, onRename, onDelete }: ConversationListProps) {
  const text = useText();
  const [renaming, setRenaming] = useState<string>();
  const list = useRef<HTMLUListElement>(null);
  const drawn = useDrawnInSteps(summaries.length, FIRST_DRAWN, DRAWN_PER_STEP);
  const currentDrawn = summaries.findIndex((summary) => summary.id === currentId) < drawn;

  useEffect(() => {
    if (currentDrawn) list.current?.querySelector<HTMLElement>('[aria-current="true"] .conversation-open')?.scrollIntoView({ block: "nearest" });
  }, [currentId, currentDrawn]);

  const renamed = useCallback(
    (newTitle?: string) => {
      setRenaming(undefined);
      const summary = summaries.find(({ id }) => id === renaming);
      if (summary && newTitle !== undefined && newTitle.trim() !== summary.title) onRename(summary.id, newTitle);
    },
    [summaries, renaming, onRename],
  );

  const onClick = (event: React.MouseEvent<HTMLUListElement>) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    const id = button?.closest<HTMLElement>("[data-id]")?.dataset.id;
    if (!button || id === undefined) return;
    if (button.dataset.action === "open") onOpen(id);
    else if (button.dataset.action === "rename") setRenaming(id);
    else if (button.dataset.action === "delete") onDelete(id);
  };

  if (summaries.length === 0) return <p className="conversation-empty">{text.list.empty}</p>;
  return (
    <ul className="conversation-list" ref={list} onClick={onClick}>
      {summaries.slice(0, drawn).map(({ id, title, remote }) => (
        <Item key={id} id={id} title={title} remote={remote} current={id === currentId} onRenamed={renaming === id ? renamed : undefined} />
      ))}
    </ul>
  );
}
