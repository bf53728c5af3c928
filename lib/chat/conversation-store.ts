// Browser only: the visitor's conversations in the browser's storage.
import "client-only";
import type { ChatMessage } from "./messages.ts";
import { conversationIdOf, textOf } from "./messages.ts";
import { CONVERSATION_PREFIX, DRAFT_KEY, INDEX_KEY, PREFIX } from "./storage-keys.ts";

export { CONVERSATION_PREFIX, DRAFT_KEY, INDEX_KEY };

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

/**
 * Where each conversation's record (its messages) is kept, apart from the index. In the browser that is
 * IndexedDB (`conversation-bodies.ts`), so that the small index is all `localStorage` holds: Chromium reads a
 * page's whole `localStorage` area in one go on first access, which cost up to half a second of blocked main
 * thread with a long history there. Where IndexedDB cannot be used, the same storage as the index, one key each.
 */
export interface ConversationBodies {
  /** The records are in the index's own storage (one key each under `CONVERSATION_PREFIX`): nothing to move there. */
  readonly inStorage: boolean;
  get(id: string): Promise<string | undefined>;
  /** Throws a quota error (`isQuotaError`) when there is no room: the store frees some and tries again. */
  set(id: string, raw: string): Promise<void>;
  delete(id: string): Promise<void>;
  ids(): Promise<string[]>;
}

/** The records in a Web Storage area, one key each: the layout before IndexedDB, and its fallback. */
export class StorageBodies implements ConversationBodies {
  readonly inStorage = true;
  private readonly storage: StorageLike;

  constructor(storage: StorageLike) {
    this.storage = storage;
  }

  async get(id: string) {
    return this.storage.getItem(CONVERSATION_PREFIX + id) ?? undefined;
  }

  async set(id: string, raw: string) {
    this.storage.setItem(CONVERSATION_PREFIX + id, raw);
  }

  async delete(id: string) {
    this.storage.removeItem(CONVERSATION_PREFIX + id);
  }

  async ids() {
    return storedIds(this.storage);
  }
}

function storedIds(storage: StorageLike): string[] {
  const ids: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(CONVERSATION_PREFIX)) ids.push(key.slice(CONVERSATION_PREFIX.length));
  }
  return ids;
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

/** The index as an index event's old or new value carries it: each conversation's last write, by id. */
export function indexTimes(raw: string | null): Map<string, number> {
  const times = new Map<string, number>();
  try {
    const index = JSON.parse(raw ?? "null") as { conversations?: unknown } | null;
    if (Array.isArray(index?.conversations)) for (const entry of index.conversations) if (isIndexEntry(entry)) times.set(entry.id, entry.updatedAt);
  } catch {
    // A damaged index says nothing.
  }
  return times;
}

/**
 * The conversations, one record each (`ConversationBodies`), and an index of their titles and times under one
 * key of the page's storage (`INDEX_KEY`, versioned on its own), so that opening the page reads the index and
 * the open conversation, never every message. The list is read from the index alone and at once; `reconcile`
 * brings it in line with the records present (a record written without it, by an older page, is read once and
 * added; records an older page left in `localStorage` move to IndexedDB). Writes are made one after another, in
 * the order they were asked for, so a slower earlier write never lands over a later one.
 */
export class ConversationStore {
  private readonly storage: StorageLike;
  private readonly bodies: ConversationBodies;
  private readonly notices: StoreNotice[] = [];
  private toldMemoryOnly = false;
  private writes: Promise<unknown> = Promise.resolve();
  /** Names the visitor gave whose records are not written yet: every index written meanwhile carries them. */
  private readonly namesOnTheirWay = new Map<string, string>();

  constructor(storage: StorageLike, bodies: ConversationBodies = new StorageBodies(storage)) {
    this.storage = storage;
    this.bodies = bodies;
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

  /** Runs `write` after every write asked for before it, whether those succeeded or not. */
  private serial<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write, write);
    this.writes = result.catch(() => undefined);
    return result;
  }

  /** Moves data the page cannot read out of the way, keeping it for anyone who wants to recover it. */
  private setAside(name: string, raw: string) {
    try {
      this.storage.setItem(`${SET_ASIDE_PREFIX}${Date.now()}:${name}`, raw);
    } catch {
      // No room to keep a copy: the unreadable data is dropped rather than block the page.
    }
  }

  private migrateLegacy() {
    const raw = this.storage.getItem(LEGACY_KEY);
    if (raw === null) return;
    this.storage.removeItem(LEGACY_KEY);
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
        return;
      }
    } catch {
      // Falls through to setting it aside.
    }
    this.setAside(LEGACY_KEY.slice(PREFIX.length), raw);
    this.notices.push({ kind: "set-aside", count: 1 });
  }

  private serialize(conversation: StoredConversation): string {
    return JSON.stringify({ version: SCHEMA_VERSION, ...conversation });
  }

  private readIndex(): Map<string, IndexEntry> | undefined {
    try {
      const raw = JSON.parse(this.storage.getItem(INDEX_KEY) ?? "null") as { version?: unknown; conversations?: unknown } | null;
      if (raw?.version !== INDEX_VERSION || !Array.isArray(raw.conversations)) return undefined;
      const index = new Map<string, IndexEntry>();
      for (const entry of raw.conversations) if (isIndexEntry(entry)) index.set(entry.id, entry);
      return index;
    } catch {
      // A damaged index is only a cache: it is built again from the conversations.
      return undefined;
    }
  }

  /** Writes the index; returns how many conversations had to go to make room for it. */
  private writeIndex(index: Map<string, IndexEntry>, keep?: string): Promise<number> {
    // Made again after each removal: the index shrinks with what goes.
    return this.makingRoom(index, keep, async () => this.storeIndex(index));
  }

  /** Writes the index as it is, with any name on its way: a write that read the index before the rename keeps it. */
  private storeIndex(index: Map<string, IndexEntry>) {
    for (const [id, title] of this.namesOnTheirWay) {
      const entry = index.get(id);
      if (entry) index.set(id, { ...entry, title, named: true });
    }
    this.storage.setItem(INDEX_KEY, JSON.stringify({ version: INDEX_VERSION, conversations: [...index.values()].sort(newestFirst) }));
  }

  /**
   * Runs `write`, removing the oldest conversations but `keep` (one pass over the index, oldest first) each time it
   * fails for want of room, until it succeeds; returns how many went, or throws StorageFullError when none is left.
   */
  private async makingRoom(index: Map<string, IndexEntry>, keep: string | undefined, write: () => Promise<void>): Promise<number> {
    let oldest: IndexEntry[] | undefined;
    let trimmed = 0;
    for (;;) {
      try {
        await write();
        return trimmed;
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        oldest ??= [...index.values()].filter((entry) => entry.id !== keep).sort(newestFirst);
        const victim = oldest.pop();
        if (!victim) throw new StorageFullError(trimmed);
        await this.drop(victim.id, index);
        trimmed++;
      }
    }
  }

  private async drop(id: string, index: Map<string, IndexEntry>) {
    await this.bodies.delete(id);
    if (!this.bodies.inStorage) this.storage.removeItem(CONVERSATION_PREFIX + id);
    index.delete(id);
  }

  /**
   * Whether the list must be reconciled before it can be shown: an older page left records in the storage
   * (to be moved, or indexed). Cheap: reads no record. Otherwise the index is the list, and `reconcile` can
   * wait until the page has loaded.
   */
  needsReconcile(): boolean {
    if (this.storage.getItem(LEGACY_KEY) !== null) return true;
    if (storedIds(this.storage).length === 0) return false;
    return !this.bodies.inStorage || this.readIndex() === undefined;
  }

  /** The list, from the index alone (no record is read). */
  summaries(): ConversationSummary[] {
    return summariesOf(this.readIndex() ?? new Map());
  }

  /** Brings the index in line with the records present, moving any an older page left in the storage; returns the list. */
  reconcile(): Promise<ConversationSummary[]> {
    return this.serial(async () => {
      const index = await this.reconciled();
      return summariesOf(index);
    });
  }

  private async reconciled(): Promise<Map<string, IndexEntry>> {
    this.migrateLegacy();
    const known = this.readIndex();
    const index = known ?? new Map<string, IndexEntry>();
    let changed = known === undefined;
    let setAside = 0;
    let trimmed = 0;
    // First: whether IndexedDB can be used at all (if not, the records stay in the storage, which is then their place).
    const present = new Set(await this.bodies.ids());
    // Records an older page left in the storage move to where this one keeps them (the newer copy wins).
    if (!this.bodies.inStorage) {
      for (const id of storedIds(this.storage)) {
        const key = CONVERSATION_PREFIX + id;
        const raw = this.storage.getItem(key);
        const moved = raw === null ? undefined : parseRecord(raw);
        if (moved && moved.id === id) {
          const current = parseRecord((await this.bodies.get(id)) ?? "");
          if (!current || current.updatedAt < moved.updatedAt) {
            try {
              trimmed += await this.fitBody(id, raw!, index);
            } catch (error) {
              if (!(error instanceof StorageFullError)) throw error;
              // No room even for this one: it stays where it is, and is read from there.
              continue;
            }
          }
          index.set(id, entryOf(current && current.updatedAt >= moved.updatedAt ? current : moved));
          present.add(id);
          changed = true;
        } else if (raw !== null) {
          this.setAside(`conversation:${id}`, raw);
          setAside++;
        }
        // Unless IndexedDB failed meanwhile, and this key is the record's only place.
        if (!this.bodies.inStorage) this.storage.removeItem(key);
      }
    }
    if (this.bodies.inStorage) for (const id of await this.bodies.ids()) present.add(id);
    else for (const id of storedIds(this.storage)) present.add(id);
    for (const id of index.keys()) {
      if (!present.has(id)) changed = index.delete(id);
    }
    for (const id of present) {
      if (index.has(id)) continue;
      const raw = await this.readRaw(id);
      const conversation = raw === undefined ? undefined : parseRecord(raw);
      if (conversation && conversation.id === id) index.set(id, entryOf(conversation));
      else if (raw !== undefined) {
        await this.bodies.delete(id);
        this.setAside(`conversation:${id}`, raw);
        setAside++;
      }
      changed = true;
    }
    if (setAside > 0) this.notices.push({ kind: "set-aside", count: setAside });
    if (changed) trimmed += await this.writeIndex(index);
    this.told(trimmed);
    return index;
  }

  private async readRaw(id: string): Promise<string | undefined> {
    const raw = await this.bodies.get(id);
    if (raw !== undefined || this.bodies.inStorage) return raw;
    // Not moved yet (an older page wrote it in this session): read where it is.
    return this.storage.getItem(CONVERSATION_PREFIX + id) ?? undefined;
  }

  async load(id: string): Promise<StoredConversation | undefined> {
    const raw = await this.readRaw(id);
    if (raw === undefined) return undefined;
    const conversation = parseRecord(raw);
    // The index has the visitor's name first (`rename`): a page closed before the record was written keeps it.
    const entry = conversation && this.readIndex()?.get(id);
    if (conversation && entry?.named) conversation.title = entry.title;
    if (!conversation) {
      await this.serial(async () => {
        await this.bodies.delete(id);
        this.setAside(`conversation:${id}`, raw);
        const index = this.readIndex();
        if (index?.delete(id)) this.told(await this.writeIndex(index));
      });
      this.notices.push({ kind: "set-aside", count: 1 });
    }
    return conversation;
  }

  /**
   * Writes one conversation, and its line in the index. When storage is full, the oldest other
   * conversations are removed one by one until it fits (and the visitor is told); if even that is not
   * enough, StorageFullError is rejected with and the caller keeps the conversation in memory. Resolves to
   * the list as it now is, from the index it has just written (no second read).
   */
  save(conversation: StoredConversation): Promise<ConversationSummary[]> {
    return this.serial(async () => this.write(conversation, await this.currentIndex()));
  }

  /** Writes a conversation's messages, keeping the name the visitor gave it (perhaps in another tab). */
  saveKeepingName(conversation: Omit<StoredConversation, "title">): Promise<ConversationSummary[]> {
    return this.serial(async () => {
      const index = await this.currentIndex();
      const entry = index.get(conversation.id);
      return this.write({ ...conversation, title: entry?.named ? entry.title : undefined }, index);
    });
  }

  /** The index to write over: as stored, or built again when it is missing or damaged. */
  private async currentIndex(): Promise<Map<string, IndexEntry>> {
    return this.readIndex() ?? (await this.reconciled());
  }

  private async write(conversation: StoredConversation, index: Map<string, IndexEntry>): Promise<ConversationSummary[]> {
    let trimmed = 0;
    try {
      trimmed += await this.fitBody(conversation.id, this.serialize(conversation), index);
      index.set(conversation.id, entryOf(conversation));
      trimmed += await this.writeIndex(index, conversation.id);
    } catch (error) {
      if (error instanceof StorageFullError) {
        // What was removed to try to make room is gone: the list says so.
        if (error.trimmed > 0) await this.writeIndex(index).catch(() => 0);
        this.told(trimmed + error.trimmed);
        this.notices.push({ kind: "full" });
      }
      throw error;
    }
    this.told(trimmed);
    return summariesOf(index);
  }

  /** Writes a record, removing the oldest other conversations (one pass over the index) until it fits; returns how many went. */
  private fitBody(id: string, raw: string, index: Map<string, IndexEntry>): Promise<number> {
    return this.makingRoom(index, id, async () => {
      await this.bodies.set(id, raw);
      if (!this.bodies.inStorage) this.storage.removeItem(CONVERSATION_PREFIX + id);
    });
  }

  private told(trimmed: number) {
    if (trimmed > 0) this.notices.push({ kind: "trimmed", count: trimmed });
  }

  /**
   * A name is in the index at once, so that a page closed a moment later lists it (its record is written in the
   * background and may not be). The record is read and written in the queue of writes: a rename right after a
   * reply has ended waits for its messages to be written (read before them, the conversation was not there yet
   * and the name was lost), and a write after it keeps the name.
   */
  rename(id: string, title: string | undefined): Promise<StoredConversation | undefined> {
    if (title) {
      this.namesOnTheirWay.set(id, title);
      const index = this.readIndex();
      try {
        if (index?.has(id)) this.storeIndex(index);
      } catch {
        // No room even for the index: the write below makes room, or tells the visitor.
      }
    } else this.namesOnTheirWay.delete(id);
    return this.serial(async () => {
      try {
        const raw = await this.readRaw(id);
        const stored = raw === undefined ? undefined : parseRecord(raw);
        if (!stored) return undefined;
        const renamed = { ...stored, title };
        await this.write(renamed, await this.currentIndex());
        return renamed;
      } finally {
        if (title && this.namesOnTheirWay.get(id) === title) this.namesOnTheirWay.delete(id);
      }
    });
  }

  remove(id: string): Promise<void> {
    return this.serial(async () => {
      const index = this.readIndex();
      if (index) await this.drop(id, index);
      else await this.bodies.delete(id);
      if (index) this.told(await this.writeIndex(index));
    });
  }

  /** Whether a storage event's key belongs to the store: the index, or a record an older page wrote there. */
  static owns(key: string | null): boolean {
    return key === null || key === INDEX_KEY || key.startsWith(CONVERSATION_PREFIX);
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
