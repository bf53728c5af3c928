"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { ExternalChange } from "@/hooks/use-conversations";
import { DRAFT_KEY, type StoredConversation } from "@/lib/chat/conversation-store";
import type { Feedback } from "@/lib/chatbase/request";
import { apiErrorCode, visitorErrorMessage } from "@/lib/chat/error-message";
import { textOf, type ChatMessage } from "@/lib/chat/messages";
import type { Branding } from "@/lib/config/branding";
import type { Messages } from "@/lib/i18n";
import { fill } from "@/lib/i18n/format";
import type { ChatEngineApi } from "./chat-engine";
import { Composer } from "./composer";
import { ConversationEnded } from "./conversation-ended";
import { useText } from "./i18n-provider";
import { chatEngineCode } from "./chat-engine-loader";
import { markdownCode } from "./markdown-loader";
import { MessageList } from "./message-list";
import { Welcome } from "./welcome";

const ChatEngine = lazy(() => chatEngineCode.lazy());

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
  /** v2: Chatbase keeps the history and takes feedback; the page must not rewrite a turn it answered. */
  serverHistory?: boolean;
  visitorId: string;
  /** Chatbase refused this conversation for good: keep that with it. */
  onEnded?: (conversation: StoredConversation, messages: ChatMessage[]) => void;
  onStartNew?: () => void;
}

/** How often a streaming reply is written to storage; a finished turn is written at once. */
const SAVE_EVERY_MS = 500;

function announcement(status: string, last: ChatMessage | undefined, botName: string, { conversation }: Messages): string {
  if (status === "submitted" || status === "streaming") return fill(conversation.replying, { botName });
  if (status === "error") return conversation.failed;
  if (last?.role !== "assistant") return "";
  return last.metadata?.incomplete === "stopped" ? conversation.stopped : conversation.finished;
}

type EngineAction = (engine: ChatEngineApi) => void;

/**
 * One conversation: its messages, the composer, errors and Retry. The stored
 * messages show at once; the chat engine (the AI SDK) loads on the visitor's
 * first interaction, and what they asked for meanwhile runs once it is there.
 */
export function Conversation({
  stored,
  external,
  saveMessages,
  messagesRef,
  branding,
  demo,
  serverHistory = false,
  visitorId,
  onEnded,
  onStartNew,
}: ConversationProps) {
  const text = useText();
  /** What the chat engine starts from: taken when it is first wanted, once the stored conversation has filled in. */
  const [seed, setSeed] = useState<StoredConversation>();
  const [engine, setEngine] = useState<ChatEngineApi>();
  const [rendererLoaded, setRendererLoaded] = useState(false);
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

  // Replies to draw: the renderer runs now.
  useEffect(() => {
    if (messages.length > 0) void markdownCode.load();
  }, [messages.length]);

  // The visitor shows intent (a tap, a key, the focus in the box): what a reply needs runs now, while they type.
  const wake = useCallback(() => {
    wantEngine();
    void markdownCode.load().then(() => setRendererLoaded(true));
  }, [wantEngine]);

  // What the first reply needs (the engine, the Markdown renderer) is fetched as soon as the page is idle, so
  // the visitor's first message does not wait for the network; it runs only on intent (see deferred-code.ts).
  const [prefetched, setPrefetched] = useState(false);
  useEffect(
    () =>
      whenIdle(() => {
        void Promise.all([chatEngineCode.fetch(), markdownCode.fetch()]).then(() => setPrefetched(true));
      }),
    [],
  );
  const send = useCallback((text: string) => withEngine((e) => e.send(text)), [withEngine]);
  const onRegenerate = useCallback(() => withEngine((e) => e.regenerate()), [withEngine]);
  const onEdit = useCallback((messageId: string, text: string) => withEngine((e) => e.edit(messageId, text)), [withEngine]);
  const onFeedback = useCallback(
    (messageId: string, feedback: Feedback) => withEngine((e) => e.updateMetadata(messageId, { feedback })),
    [withEngine],
  );

  const endedNow = apiErrorCode(engine?.error) === "conversation_ended";
  const ended = stored.ended === true || endedNow;
  // The message Chatbase refused goes with the visitor into the new chat, unless they are already typing another.
  const startNewWithUnanswered = useCallback(() => {
    const last = messages[messages.length - 1];
    try {
      if (last?.role === "user" && !localStorage.getItem(DRAFT_KEY)) localStorage.setItem(DRAFT_KEY, textOf(last));
    } catch {
      // Storage blocked: the message stays visible in the ended conversation.
    }
    onStartNew?.();
  }, [messages, onStartNew]);
  useEffect(() => {
    if (!endedNow || latestStored.current.ended) return;
    // Marked here at once, so that a save already on its way keeps the mark.
    latestStored.current = { ...latestStored.current, ended: true };
    onEnded?.(latestStored.current, engineRef.current?.latestMessages() ?? []);
  }, [endedNow, onEnded]);

  return (
    <div
      className="conversation"
      // The code a reply needs has been fetched (on idle), and has run (on intent): the next reply shows its
      // first word the moment it arrives.
      data-prefetched={prefetched}
      data-ready={Boolean(engine) && rendererLoaded}
      onPointerDownCapture={wake}
      onKeyDownCapture={wake}
      onFocusCapture={wake}
    >
      {seed && (
        <Suspense fallback={null}>
          <ChatEngine stored={seed} visitorId={visitorId} onChange={onEngine} />
        </Suspense>
      )}
      <MessageList
        messages={messages}
        status={status}
        empty={<Welcome branding={branding} demo={demo} onPick={send} />}
        onRegenerate={onRegenerate}
        onEdit={onEdit}
        onFeedback={serverHistory ? onFeedback : undefined}
        serverHistory={serverHistory}
        ended={ended}
      />
      <p className="sr-only" role="status">
        {announcement(status, messages[messages.length - 1], branding.botName, text)}
      </p>
      {ended && onStartNew && <ConversationEnded onStartNew={startNewWithUnanswered} />}
      {engine?.error && !ended && (
        <div className="chat-error" role="alert">
          <p>{visitorErrorMessage(engine.error, text)}</p>
          <button type="button" className="button" onClick={onRegenerate}>
            {text.conversation.retry}
          </button>
        </div>
      )}
      <Composer busy={busy} disabled={ended} onSend={send} onStop={() => engine?.stop()} />
    </div>
  );
}
