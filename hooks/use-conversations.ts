"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import {
  ConversationStore,
  StorageFullError,
  titleOf,
  type ConversationSummary,
  type StoreNotice,
  type StoredConversation,
} from "@/lib/chat/conversation-store";
import type { ChatMessage } from "@/lib/chat/messages";
import { visitorId as readVisitorId } from "@/lib/chat/visitor-id";
import type { ApiVersion } from "@/lib/config";
import { randomId } from "@/lib/id";

/** Which conversation this tab has open, so a reload reopens it (each tab keeps its own). */
const OPEN_KEY = "chatbase-chat-page:open";

function freshConversation(apiVersion: ApiVersion): StoredConversation {
  const now = Date.now();
  return {
    id: randomId(),
    // v1: the page names the conversation so it shows in the owner's dashboard; v2 names its own.
    conversationId: apiVersion === "v1" ? `web-${randomId()}` : undefined,
    messages: [],
    createdAt: now,
    updatedAt: now,
  };
}

function upsert(summaries: ConversationSummary[], conversation: StoredConversation): ConversationSummary[] {
  const summary = { id: conversation.id, title: titleOf(conversation), updatedAt: conversation.updatedAt };
  return [summary, ...summaries.filter((s) => s.id !== conversation.id)].sort((a, b) => b.updatedAt - a.updatedAt);
}

function rememberOpen(id: string) {
  try {
    sessionStorage.setItem(OPEN_KEY, id);
  } catch {
    // Without sessionStorage a reload opens the newest conversation instead.
  }
}

/** A change another tab made to the open conversation, for it to pick up when idle. */
export interface ExternalChange {
  id: string;
  messages: ChatMessage[];
  seq: number;
}

/**
 * The visitor's conversations, kept in localStorage, shared by every tab:
 * a change in one tab reaches the others through `storage` events. Call only
 * in the browser.
 */
export function useConversations(apiVersion: ApiVersion) {
  const store = useMemo(() => new ConversationStore(window.localStorage), []);
  // One per browser, kept in localStorage: a new chat keeps it.
  const [visitorId] = useState(() => readVisitorId(window.localStorage));
  const [summaries, setSummaries] = useState<ConversationSummary[]>(() => store.summaries());
  const [current, setCurrent] = useState<StoredConversation>(() => {
    // A reload reopens what this tab had open (a new chat with nothing in it yet stays new); a new tab opens the newest.
    const open = sessionStorage.getItem(OPEN_KEY);
    const id = open ?? summaries[0]?.id;
    return (id && store.load(id)) || freshConversation(apiVersion);
  });
  const [notices, setNotices] = useState<StoreNotice[]>(() => store.takeNotices());
  const [removed, setRemoved] = useState<StoredConversation>();
  const [external, setExternal] = useState<ExternalChange>();

  const collectNotices = useCallback(() => {
    const fresh = store.takeNotices();
    if (fresh.length > 0) setNotices((old) => [...old, ...fresh]);
  }, [store]);

  /** Writes a conversation; the list is updated in memory unless storage had to be trimmed. */
  const save = useCallback(
    (conversation: StoredConversation) => {
      try {
        store.save(conversation);
      } catch (error) {
        if (!(error instanceof StorageFullError)) throw error;
      }
      const fresh = store.takeNotices();
      if (fresh.length > 0) setNotices((old) => [...old, ...fresh]);
      setSummaries((old) => upsert(fresh.some((n) => n.kind === "trimmed") ? store.summaries() : old, conversation));
    },
    [store],
  );

  const saveMessages = useCallback(
    (conversation: StoredConversation, messages: ChatMessage[]) => {
      if (messages.length === 0) return;
      save({ ...conversation, messages, updatedAt: Date.now() });
    },
    [save],
  );

  /** Chatbase takes no more messages in this conversation: remembered, so a reload shows it ended too. */
  const markEnded = useCallback(
    (conversation: StoredConversation, messages: ChatMessage[]) => {
      const ended = { ...conversation, ended: true, ...(messages.length > 0 ? { messages, updatedAt: Date.now() } : {}) };
      if (ended.messages.length > 0) save(ended);
      if (conversation.id === current.id) setCurrent((open) => ({ ...open, ended: true }));
    },
    [save, current.id],
  );

  const open = useCallback(
    (id: string) => {
      const conversation = store.load(id);
      collectNotices();
      if (!conversation) return;
      setCurrent(conversation);
    },
    [store, collectNotices],
  );

  const startNew = useCallback(() => {
    setCurrent(freshConversation(apiVersion));
  }, [apiVersion]);

  const rename = useCallback(
    (id: string, title: string) => {
      const newTitle = title.trim() || undefined;
      const stored = store.load(id);
      if (stored) save({ ...stored, title: newTitle });
      if (id === current.id) setCurrent((open) => ({ ...open, title: newTitle }));
    },
    [store, current.id, save],
  );

  const remove = useCallback(
    (id: string) => {
      const conversation = store.load(id);
      store.remove(id);
      setSummaries((old) => old.filter((s) => s.id !== id));
      setRemoved(conversation);
      if (id === current.id) startNew();
    },
    [store, current.id, startNew],
  );

  const undoRemove = useCallback(() => {
    if (!removed) return;
    save(removed);
    setRemoved(undefined);
    setCurrent(removed);
  }, [removed, save]);

  useEffect(() => rememberOpen(current.id), [current.id]);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.storageArea !== window.localStorage || !ConversationStore.owns(event.key)) return;
      const id = event.key ? ConversationStore.idOf(event.key) : undefined;
      if (!id) {
        setSummaries(store.summaries());
      } else if (event.newValue === null) {
        setSummaries((old) => old.filter((s) => s.id !== id));
      } else {
        const changed = store.load(id);
        if (changed) {
          setSummaries((old) => upsert(old, changed));
          if (id === current.id) setExternal((old) => ({ id, messages: changed.messages, seq: (old?.seq ?? 0) + 1 }));
        }
      }
      collectNotices();
    }
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [store, current.id, collectNotices]);

  return {
    summaries,
    current,
    visitorId,
    markEnded,
    external,
    notices,
    dismissNotices: () => setNotices([]),
    removed,
    dismissRemoved: () => setRemoved(undefined),
    open,
    startNew,
    rename,
    remove,
    undoRemove,
    saveMessages,
  };
}
