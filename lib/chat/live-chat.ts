// Browser only: one open conversation's live state (its messages, the reply on its way, its error), the one place it is kept.
import "client-only";
import type { ChatOnFinishCallback, ChatState, ChatStatus, UIMessageChunk } from "ai";
import { randomId } from "../id.ts";
import type { StoredConversation } from "./conversation-store.ts";
import type { Engine } from "./engine.ts";
import { apiErrorCode } from "./error-message.ts";
import { conversationIdOf, messagesForRequest, retryTarget, type ChatMessage, type ChatMessageMetadata } from "./messages.ts";
import { ReplyRequest } from "./reply-request.ts";

export type EngineState = "idle" | "loading" | "ready" | "failed";

export interface LiveSnapshot {
  messages: ChatMessage[];
  status: ChatStatus;
  error: Error | undefined;
  /** Chatbase takes no more messages in this conversation: only a new chat can continue. */
  ended: boolean;
  /** The AI SDK: not yet asked for, on its way, running, or its code failed to load (the visitor can retry). */
  engine: EngineState;
}

type EngineModule = Pick<typeof import("./engine.ts"), "createEngine">;

export interface LiveChatOptions {
  conversation: StoredConversation;
  /** Sent with every turn; Chatbase v2 files a new conversation under it. */
  visitorId: string;
  /** Writes the conversation: at most once per `saveEveryMs` while a reply streams, at once when it settles. */
  persist: (conversation: StoredConversation) => void;
  loadEngine?: () => Promise<EngineModule>;
  api?: string;
  saveEveryMs?: number;
  fetch?: typeof fetch;
}

const SAVE_EVERY_MS = 1_000;

const busy = (status: ChatStatus) => status === "submitted" || status === "streaming";

/** What the AI SDK's own state does with a message it hands over: a copy, so that its later writes change nothing shown. */
function copyOf<T>(thing: T): T {
  if (!thing || typeof thing !== "object" || !Array.isArray((thing as { parts?: unknown }).parts)) return thing;
  const message = thing as unknown as ChatMessage;
  return { ...message, parts: message.parts.map((part) => ({ ...part })), metadata: message.metadata && { ...message.metadata } } as T;
}

function withMetadata(message: ChatMessage, metadata: ChatMessageMetadata | undefined): ChatMessage {
  return metadata ? { ...message, metadata: { ...message.metadata, ...metadata } } : message;
}

/** The live chat's state as the AI SDK reads and writes it (`ChatState`): the same state, not a copy. */
function chatState(read: () => LiveSnapshot, write: (patch: Partial<LiveSnapshot>) => void): ChatState<ChatMessage> {
  return {
    get status() {
      return read().status;
    },
    set status(status) {
      write({ status });
    },
    get error() {
      return read().error;
    },
    set error(error) {
      write({ error });
    },
    get messages() {
      return read().messages;
    },
    set messages(messages) {
      write({ messages });
    },
    pushMessage: (message) => write({ messages: [...read().messages, copyOf(message)] }),
    popMessage: () => write({ messages: read().messages.slice(0, -1) }),
    replaceMessage: (index, message) => write({ messages: read().messages.with(index, copyOf(message)) }),
    snapshot: copyOf,
  };
}

/**
 * A reply's chunks drawn before the AI SDK has loaded: the words, the metadata and the actions, which is all
 * the server sends. The AI SDK rebuilds the same message from the same chunks when it takes the reply over.
 */
export function previewWith(message: ChatMessage | undefined, chunk: UIMessageChunk): ChatMessage | undefined {
  const base: ChatMessage = message ?? { id: (chunk.type === "start" && chunk.messageId) || randomId(), role: "assistant", parts: [] };
  switch (chunk.type) {
    case "start":
    case "message-metadata":
    case "finish":
      return withMetadata(base, chunk.messageMetadata as ChatMessageMetadata | undefined);
    case "text-delta": {
      const last = base.parts.at(-1);
      const parts =
        last?.type === "text"
          ? [...base.parts.slice(0, -1), { ...last, text: last.text + chunk.delta }]
          : [...base.parts, { type: "text" as const, text: chunk.delta, state: "streaming" as const }];
      return { ...base, parts };
    }
    case "data-action": {
      const part = { type: "data-action", id: chunk.id, data: chunk.data } as ChatMessage["parts"][number];
      const index = base.parts.findIndex((old) => old.type === "data-action" && old.id === chunk.id);
      return { ...base, parts: index === -1 ? [...base.parts, part] : base.parts.with(index, part) };
    }
    default:
      return message;
  }
}

/**
 * The open conversation. The page reads it (`useSyncExternalStore`), and the AI SDK, once loaded, writes into
 * it through `ChatState`: there is no second copy to keep in step.
 *
 * Every reply's request leaves the moment the visitor sends, whether or not the AI SDK has loaded: until it
 * has, the reply's words are drawn from its chunks here; when it arrives, it takes over the same request,
 * reading it again from its first chunk.
 */
export class LiveChat {
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly options: LiveChatOptions;
  private engine: Engine | undefined;
  private engineLoading: Promise<Engine | undefined> | undefined;
  /** The reply on its way, whoever reads it. */
  private reply: ReplyRequest | undefined;
  /** The same reply, while this class draws it (before the AI SDK took it over). */
  private previewed: { reply: ReplyRequest; unlisten: () => void } | undefined;
  private persisted: LiveSnapshot;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSave = 0;
  private left = false;

  constructor(options: LiveChatOptions) {
    this.options = options;
    const { messages, ended } = options.conversation;
    this.snapshot = { messages, status: "ready", error: undefined, ended: ended === true, engine: "idle" };
    this.persisted = this.snapshot;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LiveSnapshot => this.snapshot;

  get id(): string {
    return this.options.conversation.id;
  }

  get busy(): boolean {
    return busy(this.snapshot.status);
  }

  /** The AI SDK's view of this same state. */
  private readonly state = chatState(
    () => this.snapshot,
    (patch) => this.set(patch),
  );

  private set(patch: Partial<LiveSnapshot>) {
    const next = { ...this.snapshot, ...patch };
    if (patch.error && apiErrorCode(patch.error) === "conversation_ended") next.ended = true;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
    this.schedulePersist();
  }

  send(text: string): void {
    if (this.busy || this.snapshot.ended) return;
    this.request([...this.snapshot.messages, { id: randomId(), role: "user", parts: [{ type: "text", text }] }]);
  }

  /** A first message whose request the page's inline script sent before hydration: shown, and its reply read. */
  adopt(text: string, opened: { messageId: string; response: Promise<Response>; abort: () => void }): void {
    if (this.busy) return;
    this.set({ messages: [...this.snapshot.messages, { id: opened.messageId, role: "user", parts: [{ type: "text", text }] }], status: "submitted", error: undefined });
    this.read(new ReplyRequest(this.replyOptions(), { opened }));
  }

  /** The visitor's message `messageId`, changed, and everything after it asked again. */
  edit(messageId: string, text: string): void {
    const index = this.snapshot.messages.findIndex((message) => message.id === messageId);
    if (this.busy || index === -1) return;
    this.request([...this.snapshot.messages.slice(0, index), { id: messageId, role: "user", parts: [{ type: "text", text }] }]);
  }

  /** The last reply asked again (Retry, Regenerate); on v2 through Chatbase's retry, which needs its id of the reply. */
  regenerate(): void {
    if (this.busy) return;
    const { messages } = this.snapshot;
    const chatbaseId = retryTarget(messages);
    const conversationId = conversationIdOf(messages, this.options.conversation.conversationId);
    const lastUser = messages.findLastIndex((message) => message.role === "user");
    if (lastUser === -1) return;
    this.request(messages.slice(0, lastUser + 1), chatbaseId ? { retry: { messageId: chatbaseId }, conversationId } : {});
  }

  /** Only Stop stops: the server ends Chatbase's request. */
  stop(): void {
    if (this.previewed || !this.engine) this.reply?.stop();
    else void this.engine.stop();
  }

  /** Keeps a feedback choice Chatbase accepted with its message. */
  setFeedback(messageId: string, feedback: ChatMessageMetadata["feedback"]): void {
    this.set({ messages: this.snapshot.messages.map((m) => (m.id === messageId ? withMetadata(m, { feedback }) : m)) });
  }

  /** Another tab wrote this conversation: shown unless a reply is on its way here, and not written back. */
  takeFromElsewhere(messages: ChatMessage[]): void {
    if (this.busy) return;
    this.persisted = { ...this.snapshot, messages };
    this.set({ messages });
  }

  /** The visitor shows intent (a tap, a key, the focus in the box): the AI SDK loads now, while they type. */
  warmUp(): void {
    // After a failed load only the visitor's Retry, or their next message, tries again: not every key they press.
    if (this.snapshot.engine !== "failed") void this.loadEngine();
  }

  /** Retry, after the AI SDK's code failed to arrive. */
  retryEngine(): void {
    void this.loadEngine();
  }

  /** Writes what the throttle has not written yet (the page is hidden or left). */
  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const { messages, ended } = this.snapshot;
    if (this.left || (messages === this.persisted.messages && ended === this.persisted.ended) || messages.length === 0) return;
    this.persisted = this.snapshot;
    this.lastSave = Date.now();
    // A reply still arriving is kept as such, so that the page can pick it up where the server holds it.
    const arriving = this.busy ? this.reply?.id : undefined;
    const kept = arriving ? messages.map((m) => (m.id === arriving ? withMetadata(m, { arriving: true }) : m)) : messages;
    this.options.persist({ ...this.record, messages: kept, updatedAt: this.lastSave });
  }

  /** The conversation as storage keeps it, with what is shown now. */
  get record(): StoredConversation {
    const { messages, ended } = this.snapshot;
    return { ...this.options.conversation, messages, ended: ended || undefined };
  }

  /**
   * The visitor opened another conversation. Leaving is not stopping: a reply on its way is written as still
   * arriving, and the page lets go of it; the server reads it to its end, and reopening picks it up.
   */
  leave(): void {
    this.flush();
    if (!this.busy) return;
    this.left = true;
    this.reply?.detach();
  }

  /** A reply the page was showing when it was last left (a reload, another conversation) is picked up again. */
  pickUp(): void {
    const last = this.snapshot.messages.at(-1);
    if (this.busy || last?.role !== "assistant" || !last.metadata?.arriving) return;
    this.set({ messages: this.snapshot.messages.with(-1, withMetadata(last, { arriving: undefined })), status: "submitted", error: undefined });
    this.read(new ReplyRequest(this.replyOptions(), { replyId: last.id }));
  }

  /** The visitor deleted this conversation: nothing more is written, and a reply on its way is stopped. */
  discard(): void {
    this.left = true;
    clearTimeout(this.saveTimer);
    this.stop();
  }

  private schedulePersist() {
    if (this.left) return;
    // A new message (the visitor's, or the reply's first chunk) is written at once: a page closed a moment later can
    // still pick the reply up by its id. Only the words that follow wait for the throttle.
    if (!this.busy || this.snapshot.messages.length !== this.persisted.messages.length) return this.flush();
    if (this.saveTimer) return;
    const wait = Math.max(0, (this.options.saveEveryMs ?? SAVE_EVERY_MS) - (Date.now() - this.lastSave));
    if (wait === 0) return this.flush();
    this.saveTimer = setTimeout(() => this.flush(), wait);
  }

  private loadEngine(): Promise<Engine | undefined> {
    if (this.engine) return Promise.resolve(this.engine);
    if (!this.engineLoading) {
      const load = this.options.loadEngine ?? (() => import("./engine.ts"));
      this.engineLoading = load().then(
        ({ createEngine }) => {
          this.engine = createEngine(this.id, this.state, this.onFinish);
          this.set({ engine: "ready" });
          this.handOver();
          return this.engine;
        },
        () => {
          // A dropped connection on a phone: the visitor is told and can try again; a reply on its way goes on.
          this.engineLoading = undefined;
          this.set({ engine: "failed" });
          return undefined;
        },
      );
      this.set({ engine: "loading" });
    }
    return this.engineLoading;
  }

  private readonly onFinish: ChatOnFinishCallback<ChatMessage> = ({ message, isAbort, isError, isDisconnect }) => {
    if (message.role === "assistant" && (isAbort || isError || isDisconnect)) this.markIncomplete(message.id, isAbort ? "stopped" : "failed");
  };

  private markIncomplete(id: string, incomplete: "stopped" | "failed") {
    this.set({ messages: this.snapshot.messages.map((m) => (m.id === id ? withMetadata(m, { incomplete }) : m)) });
  }

  private request(messages: ChatMessage[], extra: { retry?: { messageId: string }; conversationId?: string } = {}) {
    const body = {
      messages: messagesForRequest(messages),
      conversationId: extra.conversationId ?? conversationIdOf(messages, this.options.conversation.conversationId),
      visitorId: this.options.visitorId,
      ...(extra.retry ? { retry: extra.retry } : {}),
    };
    this.set({ messages, status: "submitted", error: undefined });
    this.read(new ReplyRequest(this.replyOptions(), { body }));
  }

  private replyOptions() {
    const { api = "/api/chat", visitorId, fetch } = this.options;
    return { api, visitorId, fetch };
  }

  private read(reply: ReplyRequest) {
    this.reply = reply;
    // A reply that failed before it drew anything (one picked up that the server no longer holds) still marks
    // the words already shown under its id.
    reply.listen(
      () => {},
      (failure) => {
        // Let go of (the page left, or the AI SDK read an error event it marks itself): nothing to mark here.
        if (failure === undefined || !reply.id || (reply.aborted && !reply.stopped)) return;
        this.markIncomplete(reply.id, reply.stopped ? "stopped" : "failed");
      },
    );
    if (this.engine) void this.engine.adopt(reply);
    else {
      this.preview(reply);
      void this.loadEngine();
    }
  }

  /** The AI SDK has loaded while a reply is drawn here: it takes the reply over. */
  private handOver() {
    const previewed = this.previewed;
    if (!previewed || !this.engine) return;
    previewed.unlisten();
    this.previewed = undefined;
    void this.engine.adopt(previewed.reply);
  }

  private preview(reply: ReplyRequest) {
    let message: ChatMessage | undefined;
    let errorText: string | undefined;
    const unlisten = reply.listen(
      (chunk) => {
        if (chunk.type === "error") errorText = chunk.errorText;
        const next = previewWith(message, chunk);
        if (!next || next === message) return;
        message = next;
        const { messages } = this.snapshot;
        const index = messages.findLastIndex((m) => m.id === next.id);
        this.set({ status: "streaming", messages: index === -1 ? [...messages, next] : messages.with(index, next) });
      },
      (failure) => {
        this.previewed = undefined;
        const error = failure instanceof Error && failure.name !== "AbortError" ? failure : errorText !== undefined ? new Error(errorText) : undefined;
        if (message && (reply.stopped || error)) this.markIncomplete(message.id, reply.stopped ? "stopped" : "failed");
        this.set(error && !reply.stopped ? { status: "error", error } : { status: "ready" });
      },
    );
    this.previewed = { reply, unlisten };
  }
}
