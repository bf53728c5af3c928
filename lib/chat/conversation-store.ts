// Browser only: the visitor's conversations in the browser's storage.
import "client-only";
import type { ChatMessage } from "./messages.ts";
import { conversationIdOf, textOf } from "./messages.ts";
import { DRAFT_KEY, PREFIX } from "./storage-keys.ts";

export { DRAFT_KEY };

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
  /** Chatbase's id of the conversation, when known: the list shows the visitor's account's copy of it only once. */
  conversationId?: string;
  /** Listed from the visitor's account (not stored in this browser): it opens from Chatbase. */
  remote?: true;
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

export const CONVERSATION_PREFIX = `${PREFIX}conversation:`;
/** The list's titles and times, so the page need not read every conversation to show it. */
export const INDEX_KEY = `${PREFIX}index`;
const INDEX_VERSION = 1;
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
  /** Conversations removed before it was clear that nothing would make room. */
  readonly trimmed: number;

  constructor(trimmed = 0) {
    super("Browser storage is full.");
    this.name = "StorageFullError";
    this.trimmed = trimmed;
  }
}

/** One line of the index: what the list shows, without reading the conversation's messages. */
interface IndexEntry {
  id: string;
  title: string;
  /** The visitor renamed it: `title` is theirs, and a save that does not say otherwise keeps it. */
  named?: true;
  updatedAt: number;
  conversationId?: string;
}

function isIndexEntry(value: unknown): value is IndexEntry {
  const entry = value as Partial<IndexEntry> | null;
  return typeof entry?.id === "string" && typeof entry.title === "string" && typeof entry.updatedAt === "number";
}

function entryOf(conversation: StoredConversation): IndexEntry {
  const conversationId = conversationIdOf(conversation.messages, conversation.conversationId);
  return {
    id: conversation.id,
    title: titleOf(conversation),
    ...(conversation.title ? { named: true as const } : {}),
    updatedAt: conversation.updatedAt,
    ...(conversationId ? { conversationId } : {}),
  };
}

const newestFirst = (a: { updatedAt: number }, b: { updatedAt: number }) => b.updatedAt - a.updatedAt;

function summariesOf(index: Map<string, IndexEntry>): ConversationSummary[] {
  return [...index.values()]
    .map(({ id, title, updatedAt, conversationId }) => ({ id, title, updatedAt, ...(typeof conversationId === "string" ? { conversationId } : {}) }))
    .sort(newestFirst);
}

/**
 * The conversations, one key each, and an index of their titles and times under one more key
 * (`INDEX_KEY`, versioned on its own), so that opening the page reads the index and not every message.
 * The index is checked against the keys present (cheap: no value is read), so a conversation written
 * without it (by an older version of the page, in another tab) is read once and added.
 */
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

  private conversationIds(): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(CONVERSATION_PREFIX)) ids.push(key.slice(CONVERSATION_PREFIX.length));
    }
    return ids;
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

  private readIndex(): Map<string, IndexEntry> {
    const index = new Map<string, IndexEntry>();
    try {
      const raw = JSON.parse(this.storage.getItem(INDEX_KEY) ?? "null") as { version?: unknown; conversations?: unknown } | null;
      if (raw?.version === INDEX_VERSION && Array.isArray(raw.conversations)) {
        for (const entry of raw.conversations) if (isIndexEntry(entry)) index.set(entry.id, entry);
      }
    } catch {
      // A damaged index is only a cache: it is built again from the conversations.
    }
    return index;
  }

  /** Writes the index; returns how many conversations had to go to make room for it. */
  private writeIndex(index: Map<string, IndexEntry>, keep?: string): number {
    const value = () => JSON.stringify({ version: INDEX_VERSION, conversations: [...index.values()].sort(newestFirst) });
    return this.fit(INDEX_KEY, value, index, keep);
  }

  /** The index, brought in line with the conversations present: only those it does not know yet are read. */
  private index(): Map<string, IndexEntry> {
    this.migrateLegacy();
    const index = this.readIndex();
    const present = new Set(this.conversationIds());
    let changed = false;
    let setAside = 0;
    for (const id of index.keys()) {
      if (!present.has(id)) changed = index.delete(id);
    }
    for (const id of present) {
      if (index.has(id)) continue;
      const key = CONVERSATION_PREFIX + id;
      const raw = this.storage.getItem(key);
      const conversation = raw === null ? undefined : parseRecord(raw);
      if (conversation && conversation.id === id) index.set(id, entryOf(conversation));
      else if (raw !== null) {
        this.setAside(key, raw);
        setAside++;
      }
      changed = true;
    }
    if (setAside > 0) this.notices.push({ kind: "set-aside", count: setAside });
    if (changed) this.told(this.writeIndex(index));
    return index;
  }

  summaries(): ConversationSummary[] {
    return summariesOf(this.index());
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
   * Writes one conversation, and its line in the index. When storage is full, the oldest other
   * conversations are removed one by one until it fits (and the visitor is told); if even that is not
   * enough, StorageFullError is thrown and the caller keeps the conversation in memory. Returns the list as
   * it now is, from the index it has just written (no second read).
   */
  save(conversation: StoredConversation): ConversationSummary[] {
    return this.write(conversation, this.index());
  }

  private write(conversation: StoredConversation, index: Map<string, IndexEntry>): ConversationSummary[] {
    const record = this.serialize(conversation);
    let trimmed = 0;
    try {
      trimmed += this.fit(CONVERSATION_PREFIX + conversation.id, () => record, index, conversation.id);
      index.set(conversation.id, entryOf(conversation));
      trimmed += this.writeIndex(index, conversation.id);
    } catch (error) {
      if (error instanceof StorageFullError) {
        this.told(trimmed + error.trimmed);
        this.notices.push({ kind: "full" });
      }
      throw error;
    }
    this.told(trimmed);
    return summariesOf(index);
  }

  private told(trimmed: number) {
    if (trimmed > 0) this.notices.push({ kind: "trimmed", count: trimmed });
  }

  /** Writes a conversation's messages, keeping the name the visitor gave it (perhaps in another tab). */
  saveKeepingName(conversation: Omit<StoredConversation, "title">): ConversationSummary[] {
    const index = this.index();
    const entry = index.get(conversation.id);
    return this.write({ ...conversation, title: entry?.named ? entry.title : undefined }, index);
  }

  rename(id: string, title: string | undefined): StoredConversation | undefined {
    const stored = this.load(id);
    if (stored) this.save({ ...stored, title });
    return stored && { ...stored, title };
  }

  remove(id: string): void {
    this.storage.removeItem(CONVERSATION_PREFIX + id);
    const index = this.readIndex();
    if (index.delete(id)) this.told(this.writeIndex(index));
  }

  /**
   * Writes `value()`, removing the oldest conversations but `keep` (one pass over the index, oldest first)
   * until it fits; returns how many went. The value is made again after each removal, as it may be the index.
   */
  private fit(key: string, value: () => string, index: Map<string, IndexEntry>, keep: string | undefined): number {
    let oldest: IndexEntry[] | undefined;
    let trimmed = 0;
    for (;;) {
      try {
        this.storage.setItem(key, value());
        return trimmed;
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        oldest ??= [...index.values()].filter((entry) => entry.id !== keep).sort(newestFirst);
        const victim = oldest.pop();
        if (!victim) throw new StorageFullError(trimmed);
        this.storage.removeItem(CONVERSATION_PREFIX + victim.id);
        index.delete(victim.id);
        trimmed++;
      }
    }
  }

  /** Whether a storage event's key belongs to the store. */
  static owns(key: string | null): boolean {
    return key === null || key === INDEX_KEY || key.startsWith(CONVERSATION_PREFIX);
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
