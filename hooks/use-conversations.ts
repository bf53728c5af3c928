"use client";
// Browser: which conversation is open, the list of the others, and what storage has to tell the visitor.

import { useCallback, useEffect, useLayoutEffect, useState } from "react";
import { browserBodies } from "@/lib/chat/conversation-bodies";
import {
  ConversationStore,
  INDEX_KEY,
  indexTimes,
  StorageFullError,
  type ConversationSummary,
  type StoreNotice,
  type StoredConversation,
} from "@/lib/chat/conversation-store";
import { holdEarlyIntents, releaseEarlyIntents } from "@/lib/chat/early-intents";
import { LiveChat } from "@/lib/chat/live-chat";
import { OPEN_KEY } from "@/lib/chat/storage-keys";
import { browserStorage } from "@/lib/chat/memory-storage";
import { visitorId as readVisitorId } from "@/lib/chat/visitor-id";
import type { ApiVersion } from "@/lib/config";
import { randomId } from "@/lib/id";


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

function rememberOpen(id: string) {
  try {
    sessionStorage.setItem(OPEN_KEY, id);
  } catch {
    // Without sessionStorage a reload opens the newest conversation instead.
  }
}

function openedBefore(): string | null {
  try {
    return sessionStorage.getItem(OPEN_KEY);
  } catch {
    return null;
  }
}

/**
 * The visitor's conversations, shared by every tab (a change in one reaches the others through the `storage`
 * event of the index), and the open one as a `LiveChat`, which owns its live state. The index of titles is in
 * localStorage, each conversation's messages in IndexedDB (see `conversation-bodies.ts`).
 *
 * The page is rendered on the server, which knows nothing of the browser's storage: the first render (on the
 * server and while hydrating) shows a new, empty conversation. Right after hydration (in an effect, not a layout
 * effect: hydration's own task is long enough on a phone, and storage's first read is slow) the list fills in
 * from the index; the conversation that opens is read from IndexedDB, a few milliseconds later. Until it is
 * shown, a tap on Send stays with the page's early script (see `early-intents.ts`) and is sent into the
 * conversation it belongs to. With nothing stored, nothing waits.
 */
export function useConversations(apiVersion: ApiVersion) {
  const [storage] = useState(browserStorage);
  const [store] = useState(() => new ConversationStore(storage, browserBodies(storage)));
  const [summaries, setSummaries] = useState<ConversationSummary[]>([]);
  const [notices, setNotices] = useState<StoreNotice[]>([]);
  const [removed, setRemoved] = useState<StoredConversation>();
  /** Whether what storage holds has filled in (false on the server and while hydrating). */
  const [loaded, setLoaded] = useState(false);
  /** One per browser, kept in storage: a new chat keeps it. Read with the rest of storage, after hydration. */
  const [visitorId, setVisitorId] = useState("");
  /** Bumped when the visitor switches conversations (not when the stored one fills in): the view starts afresh. */
  const [view, setView] = useState(0);

  const collectNotices = useCallback(() => {
    const fresh = store.takeNotices();
    if (fresh.length > 0) setNotices((old) => [...old, ...fresh]);
  }, [store]);

  const persist = useCallback(
    (conversation: StoredConversation) => {
      store.saveKeepingName(conversation).then(
        (list) => {
          collectNotices();
          setSummaries(list);
        },
        (error: unknown) => {
          // Not even this conversation fits: it stays in the page, and the visitor is told.
          if (!(error instanceof StorageFullError)) console.error(error);
          collectNotices();
          setSummaries(store.summaries());
        },
      );
    },
    [store, collectNotices],
  );

  const liveChatOf = useCallback(
    (conversation: StoredConversation, visitor: string) => new LiveChat({ conversation, visitorId: visitor, persist }),
    [persist],
  );
  /**
   * The new conversation the page is rendered with. When nothing stored opens and nothing was sent before hydration,
   * the page goes on with it (now with the visitor's id): its message list, welcome and prompts are not drawn again.
   */
  const [first] = useState(() => freshConversation(apiVersion));
  const [live, setLive] = useState(() => liveChatOf(first, ""));

  useEffect(() => {
    let gone = false;
    const visitor = readVisitorId(storage);
    const open = (reopened: StoredConversation | undefined) => {
      if (gone) return;
      // Sent before the page could act (see early-intents.ts): a first visit's first message is already on its way.
      const early = holdEarlyIntents();
      // What the script drew (the messages, the list marked busy) goes with the list it drew into: a new one is drawn.
      const fresh = early.texts.length > 0 ? freshConversation(apiVersion) : first;
      const chat = liveChatOf(reopened ?? (early.request ? { ...fresh, conversationId: early.request.conversationId } : fresh), visitor);
      setLive(chat);
      chat.pickUp();
      if (early.request) chat.adopt(early.texts[0], early.request);
      else if (early.texts.length > 0) chat.send(early.texts.join("\n\n"));
      setLoaded(true);
      collectNotices();
      // The list is the index; what it may not know yet (a record an older page wrote) is added when the page is idle.
      if (!migrating) void store.reconcile().then((list) => !gone && (setSummaries(list), collectNotices()));
    };
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage exists only in the browser, after hydration
    setVisitorId(visitor);
    // A reload reopens what this tab had open (a new chat with nothing in it yet stays new); a new tab opens the newest.
    // Read now: once this render has committed, the tab's open conversation is the new one it shows meanwhile.
    const openBefore = openedBefore();
    // An older page's records are moved (once) before the list can be trusted; otherwise the index is the list.
    const migrating = store.needsReconcile();
    const indexed = migrating ? undefined : store.summaries();
    // With nothing stored the list stays as rendered: no render for an empty list.
    if (indexed && indexed.length > 0) setSummaries(indexed);
    void (indexed ? Promise.resolve(indexed) : store.reconcile()).then(async (stored) => {
      if (gone) return;
      if (!indexed) setSummaries(stored);
      const id = openBefore ?? stored[0]?.id;
      if (!id) return open(undefined);
      open(await store.load(id).catch(() => undefined));
    });
    return () => {
      gone = true;
    };
  }, [storage, store, apiVersion, first, liveChatOf, collectNotices]);

  // The page's own controls act on the conversation it opened from this commit on: the script lets taps through.
  useLayoutEffect(() => {
    if (loaded) releaseEarlyIntents();
  }, [loaded]);

  // The conversation left behind writes what it has not written yet; a reply still arriving goes on at the server.
  useEffect(() => () => live.leave(), [live]);

  // A hidden page may never come back (a phone closes it): what the throttle holds is written now.
  useEffect(() => {
    const flush = () => live.flush();
    const onHidden = () => document.visibilityState === "hidden" && flush();
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [live]);

  // Only once what was open has been read again: the new, empty conversation shown until then is not what the tab has open.
  useEffect(() => {
    if (loaded) rememberOpen(live.id);
  }, [live, loaded]);

  const show = useCallback(
    (conversation: StoredConversation) => {
      const chat = liveChatOf(conversation, visitorId);
      setLive(chat);
      chat.pickUp();
      setView((n) => n + 1);
    },
    [liveChatOf, visitorId],
  );

  const open = useCallback(
    (id: string) => {
      if (id === live.id) return;
      void store.load(id).then((conversation) => {
        collectNotices();
        if (conversation) show(conversation);
      });
    },
    [store, live, collectNotices, show],
  );

  const startNew = useCallback(() => show(freshConversation(apiVersion)), [apiVersion, show]);

  const rename = useCallback(
    (id: string, title: string) => {
      const named = title.trim() || undefined;
      // Shown at once; the stored name follows.
      setSummaries((list) => list.map((summary) => (summary.id === id && named ? { ...summary, title: named } : summary)));
      void store.rename(id, named).then(() => {
        collectNotices();
        setSummaries(store.summaries());
      });
    },
    [store, collectNotices],
  );

  const remove = useCallback(
    (id: string) => {
      if (id === live.id) {
        live.discard();
        startNew();
      }
      setSummaries((list) => list.filter((summary) => summary.id !== id));
      // Read before it goes, so that Undo can put it back.
      void store.load(id).then(async (conversation) => {
        await store.remove(id);
        setSummaries(store.summaries());
        setRemoved(conversation);
      });
    },
    [store, live, startNew],
  );

  const undoRemove = useCallback(() => {
    if (!removed) return;
    persist(removed);
    setRemoved(undefined);
    show(removed);
  }, [removed, persist, show]);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.storageArea !== window.localStorage || !ConversationStore.owns(event.key)) return;
      setSummaries(store.summaries());
      // Another tab wrote the open conversation (its time in the index moved): this one shows it too (unless it is answering here).
      const written = indexTimes(event.newValue).get(live.id);
      if (event.key === INDEX_KEY && written !== undefined && written !== indexTimes(event.oldValue).get(live.id)) {
        void store.load(live.id).then((changed) => changed && live.takeFromElsewhere(changed.messages));
      }
      collectNotices();
    }
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [store, live, collectNotices]);

  const exportable = useCallback(
    (): StoredConversation => ({ ...live.record, title: summaries.find((s) => s.id === live.id)?.title }),
    [live, summaries],
  );

  return {
    summaries,
    live,
    view,
    loaded,
    visitorId,
    notices,
    dismissNotices: useCallback(() => setNotices([]), []),
    removed,
    dismissRemoved: useCallback(() => setRemoved(undefined), []),
    open,
    /** Opens a conversation that is not in this browser's storage (one from the visitor's account). */
    show,
    startNew,
    rename,
    remove,
    undoRemove,
    exportable,
  };
}
