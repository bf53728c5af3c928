"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { ExternalChange } from "@/hooks/use-conversations";
import type { StoredConversation } from "@/lib/chat/conversation-store";
import { visitorErrorMessage } from "@/lib/chat/error-message";
import type { ChatMessage } from "@/lib/chat/messages";
import type { Branding } from "@/lib/config/branding";
import type { ChatEngineApi } from "./chat-engine";
import { Composer } from "./composer";
import { loadMarkdown } from "./markdown-loader";
import { MessageList } from "./message-list";
import { Welcome } from "./welcome";

const ChatEngine = lazy(() => import("./chat-engine"));

/** Runs `task` once the browser has nothing more urgent to do; returns a cancel function. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(task, { timeout: 2_000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 200);
  return () => clearTimeout(timer);
}

interface ConversationProps {
  stored: StoredConversation;
  external?: ExternalChange;
  saveMessages: (conversation: StoredConversation, messages: ChatMessage[]) => void;
  /** Lets the header read the latest messages (for export) without re-rendering on every word. */
  messagesRef: RefObject<(() => ChatMessage[]) | null>;
  branding: Branding;
  demo: boolean;
}

/** How often a streaming reply is written to storage; a finished turn is written at once. */
const SAVE_EVERY_MS = 500;

function announcement(status: string, last: ChatMessage | undefined, botName: string): string {
  if (status === "submitted" || status === "streaming") return `${botName} is replying…`;
  if (status === "error") return "The reply failed.";
  if (last?.role !== "assistant") return "";
  return last.metadata?.incomplete === "stopped" ? "Reply stopped." : "Reply finished.";
}

type EngineAction = (engine: ChatEngineApi) => void;

/**
 * One conversation: its messages, the composer, errors and Retry. The stored
 * messages show at once; the chat engine (the AI SDK) loads on the visitor's
 * first interaction, and what they asked for meanwhile runs once it is there.
 */
export function Conversation({ stored, external, saveMessages, messagesRef, branding, demo }: ConversationProps) {
  /** What the chat engine starts from: taken when it is first wanted, once the stored conversation has filled in. */
  const [seed, setSeed] = useState<StoredConversation>();
  const [engine, setEngine] = useState<ChatEngineApi>();
  const engineRef = useRef<ChatEngineApi | undefined>(undefined);
  const queued = useRef<EngineAction[]>([]);

  // Another tab's change to this conversation, if it came after this one was opened.
  const [openedAtChange] = useState(external?.seq);
  const change = external && external.id === stored.id && external.seq !== openedAtChange ? external : undefined;
  const shown = useRef<StoredConversation>(stored);

  const messages = engine?.messages ?? change?.messages ?? stored.messages;
  const status = engine?.status ?? "ready";
  const busy = status === "submitted" || status === "streaming";

  const savedMessages = useRef(messages);
  const lastSaved = useRef(0);
  const appliedChange = useRef(openedAtChange);
  const adopting = useRef(false);
  const latestStored = useRef(stored);

  const onEngine = useCallback((api: ChatEngineApi) => {
    // The engine starts from what is already stored: nothing to write until it changes something.
    if (!engineRef.current) savedMessages.current = api.messages;
    engineRef.current = api;
    setEngine(api);
  }, []);

  const wantEngine = useCallback(() => setSeed((old) => old ?? shown.current), []);

  const withEngine = useCallback(
    (action: EngineAction) => {
      if (engineRef.current) action(engineRef.current);
      else {
        queued.current.push(action);
        wantEngine();
      }
    },
    [wantEngine],
  );

  useEffect(() => {
    if (!engine || queued.current.length === 0) return;
    for (const action of queued.current.splice(0)) action(engine);
  }, [engine]);

  useEffect(() => {
    latestStored.current = stored;
    shown.current = { ...stored, messages };
    messagesRef.current = () => engineRef.current?.latestMessages() ?? messages;
  }, [stored, messages, messagesRef]);

  useEffect(() => {
    if (adopting.current) {
      adopting.current = false;
      savedMessages.current = messages;
    }
    // Until the engine runs, what is shown is what storage holds: nothing to write.
    if (!engine || messages === savedMessages.current) return;
    const wait = busy ? Math.max(0, SAVE_EVERY_MS - (Date.now() - lastSaved.current)) : 0;
    const timer = setTimeout(() => {
      lastSaved.current = Date.now();
      savedMessages.current = messages;
      saveMessages(latestStored.current, messages);
    }, wait);
    return () => clearTimeout(timer);
  }, [engine, messages, busy, saveMessages]);

  // Leaving the page, or this conversation for another, writes what the throttle has not written yet;
  // a reply still streaming when the visitor switches away is stopped and kept as it is.
  useEffect(() => {
    const saveNow = () => {
      const latest = engineRef.current?.latestMessages();
      if (latest && latest !== savedMessages.current) saveMessages(latestStored.current, latest);
    };
    window.addEventListener("pagehide", saveNow);
    return () => {
      window.removeEventListener("pagehide", saveNow);
      const engine = engineRef.current;
      if (!engine) return;
      const streaming = engine.status === "submitted" || engine.status === "streaming";
      if (streaming) engine.stop();
      const latest = engine.latestMessages();
      const last = latest[latest.length - 1];
      const kept =
        streaming && last?.role === "assistant" ? [...latest.slice(0, -1), { ...last, metadata: { ...last.metadata, incomplete: "stopped" as const } }] : latest;
      if (kept !== savedMessages.current) saveMessages(latestStored.current, kept);
    };
  }, [saveMessages]);

  // Messages taken from another tab are already stored: writing them back would echo between tabs forever.
  useEffect(() => {
    if (!change || !engine || busy || change.seq === appliedChange.current) return;
    appliedChange.current = change.seq;
    adopting.current = true;
    engine.replaceMessages(change.messages);
  }, [change, engine, busy]);

  useEffect(() => {
    if (!busy || !engine) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") engine.stop();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [busy, engine]);

  useEffect(() => {
    if (messages.length > 0) void loadMarkdown();
  }, [messages.length]);

  const wake = useCallback(() => {
    wantEngine();
    void loadMarkdown();
  }, [wantEngine]);

  // What the first reply needs (the engine, the Markdown renderer) is fetched as soon as the page is idle,
  // so the visitor's first message does not wait for it.
  useEffect(() => whenIdle(wake), [wake]);
  const send = useCallback((text: string) => withEngine((e) => e.send(text)), [withEngine]);
  const onRegenerate = useCallback(() => withEngine((e) => e.regenerate()), [withEngine]);
  const onEdit = useCallback((messageId: string, text: string) => withEngine((e) => e.edit(messageId, text)), [withEngine]);

  return (
    <div className="conversation" onPointerDownCapture={wake} onKeyDownCapture={wake} onFocusCapture={wake}>
      {seed && (
        <Suspense fallback={null}>
          <ChatEngine stored={seed} onChange={onEngine} />
        </Suspense>
      )}
      <MessageList
        messages={messages}
        status={status}
        empty={<Welcome branding={branding} demo={demo} onPick={send} />}
        onRegenerate={onRegenerate}
        onEdit={onEdit}
      />
      <p className="sr-only" role="status">
        {announcement(status, messages[messages.length - 1], branding.botName)}
      </p>
      {engine?.error && (
        <div className="chat-error" role="alert">
          <p>{visitorErrorMessage(engine.error)}</p>
          <button type="button" className="button" onClick={onRegenerate}>
            Retry
          </button>
        </div>
      )}
      <Composer busy={busy} onSend={send} onStop={() => engine?.stop()} />
    </div>
  );
}
