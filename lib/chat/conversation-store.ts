// Browser only: the visitor's conversations in the browser's storage.
import "client-only";
import type { ChatMessage } from "./messages.ts";
import { conversationIdOf, textOf } from "./messages.ts";

/**
 * The visitor's conversations, kept in the browser's storage under one key
 * each, so that tabs writing different conversations never overwrite each
 * other and a damaged entry costs only itself.
 */
export interface StoredConversation {
  id: string;
  /** Set when the visitor renamed it; otherwise the title comes from the first message. */
  title?: string;
  /** v1: the id the page made, so the conversation shows in the owner's Chatbase dashboard. */
  conversationId?: string;
  messages: ChatMessage[];
  /** Chatbase refused new messages (ended, taken over by a person, or gone): only a new chat can continue. */
  ended?: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

export type StoreNotice =
  | { kind: "set-aside"; count: number }
  | { kind: "trimmed"; count: number }
  | { kind: "full" }
  | { kind: "memory-only" };

/** The part of the Web Storage API the store uses, so tests can hand it a fake. */
export interface StorageLike {
  /** True once the storage keeps things only in memory (the browser's was blocked or failed). */
  readonly memoryOnly?: boolean;
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SCHEMA_VERSION = 2;
const PREFIX = "chatbase-chat-page:";
export const CONVERSATION_PREFIX = `${PREFIX}conversation:`;
export const DRAFT_KEY = `${PREFIX}draft`;
const SET_ASIDE_PREFIX = `${PREFIX}set-aside:`;
/** Written by the first version of the page: one conversation under one key. */
const LEGACY_KEY = `${PREFIX}conversation`;

const UNTITLED = "New conversation";
const TITLE_CHARS = 60;

export function titleOf(conversation: Pick<StoredConversation, "title" | "messages">, untitled = UNTITLED): string {
  if (conversation.title) return conversation.title;
  const first = conversation.messages.find((message) => message.role === "user");
  const text = first ? textOf(first).replace(/\s+/g, " ").trim() : "";
  if (!text) return untitled;
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text;
}

function isMessage(value: unknown): value is ChatMessage {
  if (!value || typeof value !== "object") return false;
  const message = value as Record<string, unknown>;
  return (
    typeof message.id === "string" &&
    (message.role === "user" || message.role === "assistant") &&
    Array.isArray(message.parts) &&
    message.parts.every((part) => part !== null && typeof part === "object" && typeof (part as { type?: unknown }).type === "string")
  );
}

function parseRecord(raw: string): StoredConversation | undefined {
  try {
    const record = JSON.parse(raw) as Record<string, unknown>;
    if (record.version !== SCHEMA_VERSION || typeof record.id !== "string") return undefined;
    if (!Array.isArray(record.messages) || !record.messages.every(isMessage)) return undefined;
    return {
      id: record.id,
      title: typeof record.title === "string" && record.title.trim() ? record.title : undefined,
      conversationId: typeof record.conversationId === "string" ? record.conversationId : undefined,
      messages: record.messages,
      ...(record.ended === true ? { ended: true } : {}),
      createdAt: typeof record.createdAt === "number" ? record.createdAt : 0,
      updatedAt: typeof record.updatedAt === "number" ? record.updatedAt : 0,
    };
  } catch {
    return undefined;
  }
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || /quota/i.test(error.message));
}

export class StorageFullError extends Error {
  constructor() {
    super("Browser storage is full.");
    this.name = "StorageFullError";
  }
}

export class ConversationStore {
  private readonly storage: StorageLike;
  private readonly notices: StoreNotice[] = [];
  private toldMemoryOnly = false;

  constructor(storage: StorageLike) {
    this.storage = storage;
  }

  /** Notices since the last call: what the visitor should be told. */
  takeNotices(): StoreNotice[] {
    // Once: saying it again on every save would only nag.
    if (this.storage.memoryOnly && !this.toldMemoryOnly) {
      this.toldMemoryOnly = true;
      this.notices.push({ kind: "memory-only" });
    }
    return this.notices.splice(0);
  }

  private conversationKeys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(CONVERSATION_PREFIX)) keys.push(key);
    }
    return keys;
  }

  /** Moves data the page cannot read out of the way, keeping it for anyone who wants to recover it. */
  private setAside(key: string, raw: string) {
    this.storage.removeItem(key);
    try {
      this.storage.setItem(`${SET_ASIDE_PREFIX}${Date.now()}:${key.slice(PREFIX.length)}`, raw);
    } catch {
      // No room to keep a copy: the unreadable data is dropped rather than block the page.
    }
  }

  private migrateLegacy() {
    const raw = this.storage.getItem(LEGACY_KEY);
    if (raw === null) return;
    try {
      const legacy = JSON.parse(raw) as { version?: unknown; conversation?: Record<string, unknown> };
      const old = legacy.conversation;
      if (legacy.version === 1 && old && typeof old.id === "string" && Array.isArray(old.messages) && old.messages.every(isMessage)) {
        const updatedAt = typeof old.updatedAt === "number" ? old.updatedAt : Date.now();
        const migrated: StoredConversation = {
          id: old.id,
          conversationId: typeof old.conversationId === "string" ? old.conversationId : undefined,
          messages: old.messages,
          createdAt: updatedAt,
          updatedAt,
        };
        if (migrated.messages.length > 0) this.storage.setItem(CONVERSATION_PREFIX + migrated.id, this.serialize(migrated));
        this.storage.removeItem(LEGACY_KEY);
        return;
      }
    } catch {
      // Falls through to setting it aside.
    }
    this.setAside(LEGACY_KEY, raw);
    this.notices.push({ kind: "set-aside", count: 1 });
  }

  private serialize(conversation: StoredConversation): string {
    return JSON.stringify({ version: SCHEMA_VERSION, ...conversation });
  }

  /** Every readable conversation, newest first; unreadable ones are set aside and reported. */
  all(): StoredConversation[] {
    this.migrateLegacy();
    const conversations: StoredConversation[] = [];
    let setAside = 0;
    for (const key of this.conversationKeys()) {
      const raw = this.storage.getItem(key);
      if (raw === null) continue;
      const conversation = parseRecord(raw);
      if (conversation && CONVERSATION_PREFIX + conversation.id === key) conversations.push(conversation);
      else {
        this.setAside(key, raw);
        setAside++;
      }
    }
    if (setAside > 0) this.notices.push({ kind: "set-aside", count: setAside });
    return conversations.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  summaries(): ConversationSummary[] {
    return this.all().map((conversation) => ({ id: conversation.id, title: titleOf(conversation), updatedAt: conversation.updatedAt }));
  }

  load(id: string): StoredConversation | undefined {
    const raw = this.storage.getItem(CONVERSATION_PREFIX + id);
    if (raw === null) return undefined;
    const conversation = parseRecord(raw);
    if (!conversation) {
      this.setAside(CONVERSATION_PREFIX + id, raw);
      this.notices.push({ kind: "set-aside", count: 1 });
    }
    return conversation;
  }

  /**
   * Writes one conversation. When storage is full, the oldest other
   * conversations are removed one by one until it fits (and the visitor is
   * told); if even that is not enough, StorageFullError is thrown and the
   * caller keeps the conversation in memory.
   */
  save(conversation: StoredConversation): void {
    const key = CONVERSATION_PREFIX + conversation.id;
    const value = this.serialize(conversation);
    let trimmed = 0;
    for (;;) {
      try {
        this.storage.setItem(key, value);
        break;
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        const oldest = this.all()
          .filter((other) => other.id !== conversation.id)
          .at(-1);
        if (!oldest) {
          if (trimmed > 0) this.notices.push({ kind: "trimmed", count: trimmed });
          this.notices.push({ kind: "full" });
          throw new StorageFullError();
        }
        this.storage.removeItem(CONVERSATION_PREFIX + oldest.id);
        trimmed++;
      }
    }
    if (trimmed > 0) this.notices.push({ kind: "trimmed", count: trimmed });
  }

  remove(id: string): void {
    this.storage.removeItem(CONVERSATION_PREFIX + id);
  }

  /** Whether a storage event's key belongs to the store. */
  static owns(key: string | null): boolean {
    return key === null || key.startsWith(CONVERSATION_PREFIX);
  }

  static idOf(key: string): string | undefined {
    return key.startsWith(CONVERSATION_PREFIX) ? key.slice(CONVERSATION_PREFIX.length) : undefined;
  }
}

/** The headings' words, in the page's language. */
export interface ExportWords {
  you: string;
  untitled: string;
  /** Before the visitor id, which lets the owner find the conversation in Chatbase. */
  visitorId: string;
}

/** A conversation as Markdown, for the visitor to keep. */
export function toMarkdown(
  conversation: StoredConversation,
  botName: string,
  words: ExportWords = { you: "You", untitled: UNTITLED, visitorId: "Visitor id" },
  visitorId?: string,
): string {
  const lines = [`# ${titleOf(conversation, words.untitled)}`, ""];
  if (visitorId) lines.push(`${words.visitorId}: \`${visitorId}\``, "");
  for (const message of conversation.messages) {
    lines.push(`**${message.role === "user" ? words.you : botName}:**`, "", textOf(message), "");
  }
  return lines.join("\n");
}

/** A conversation as JSON, with its schema version, for the visitor to keep. */
export function toJson(conversation: StoredConversation, visitorId?: string): string {
  const conversationId = conversationIdOf(conversation.messages, conversation.conversationId);
  return JSON.stringify(
    {
      version: SCHEMA_VERSION,
      title: titleOf(conversation),
      ...(visitorId ? { visitorId } : {}),
      ...(conversationId ? { conversationId } : {}),
      ...(conversation.ended ? { ended: true } : {}),
      createdAt: new Date(conversation.createdAt).toISOString(),
      updatedAt: new Date(conversation.updatedAt).toISOString(),
      messages: conversation.messages.map((message) => ({
        id: message.id,
        role: message.role,
        text: textOf(message),
        ...(message.metadata?.messageId ? { chatbaseMessageId: message.metadata.messageId } : {}),
        ...(message.metadata?.feedback ? { feedback: message.metadata.feedback } : {}),
      })),
    },
    null,
    2,
  );
}
