"use client";

import { useCallback, useEffect, useLayoutEffect, useState } from "react";
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
import { browserStorage } from "@/lib/chat/memory-storage";

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

function openedBefore(): string | null {
  try {
    return sessionStorage.getItem(OPEN_KEY);
  } catch {
    return null;
  }
}

/**
 * The visitor's conversations, kept in localStorage, shared by every tab:
 * a change in one tab reaches the others through `storage` events.
 *
 * The page is rendered on the server, which knows nothing of the browser's
 * storage: the first render (on the server and while hydrating) shows a new,
 * empty conversation, and what is stored fills in right after hydration,
 * before the browser paints again.
 */
export function useConversations(apiVersion: ApiVersion) {
  const [storage] = useState(browserStorage);
  const [store] = useState(() => new ConversationStore(storage));
  // One per browser, kept in storage: a new chat keeps it. Read with the rest of storage, after hydration.
  const [visitorId, setVisitorId] = useState("");
  const [summaries, setSummaries] = useState<ConversationSummary[]>([]);
  const [current, setCurrent] = useState<StoredConversation>(() => freshConversation(apiVersion));
  /** Bumped when the visitor switches conversations (not when the stored one fills in): the view starts afresh. */
  const [view, setView] = useState(0);
  const [notices, setNotices] = useState<StoreNotice[]>([]);
  const [removed, setRemoved] = useState<StoredConversation>();
  /** Whether what storage holds has filled in (false on the server and while hydrating). */
  const [loaded, setLoaded] = useState(false);
  const [external, setExternal] = useState<ExternalChange>();

  const collectNotices = useCallback(() => {
    const fresh = store.takeNotices();
    if (fresh.length > 0) setNotices((old) => [...old, ...fresh]);
  }, [store]);

  useLayoutEffect(() => {
    const stored = store.summaries();
    // A reload reopens what this tab had open (a new chat with nothing in it yet stays new); a new tab opens the newest.
    const id = openedBefore() ?? stored[0]?.id;
    const reopened = id ? store.load(id) : undefined;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage exists only in the browser, after hydration
    setSummaries(stored);
    setVisitorId(readVisitorId(storage));
    if (reopened) setCurrent(reopened);
    setLoaded(true);
    collectNotices();
  }, [storage, store, collectNotices]);

  const show = useCallback((conversation: StoredConversation) => {
    setCurrent(conversation);
    setView((n) => n + 1);
  }, []);

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
      show(conversation);
    },
    [store, collectNotices, show],
  );

  const startNew = useCallback(() => {
    show(freshConversation(apiVersion));
  }, [apiVersion, show]);

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
    show(removed);
  }, [removed, save, show]);

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
    view,
    loaded,
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
