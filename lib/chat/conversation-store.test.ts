import { describe, expect, it } from "vitest";
import {
  CONVERSATION_PREFIX,
  ConversationStore,
  type ConversationBodies,
  INDEX_KEY,
  indexTimes,
  StorageFullError,
  titleOf,
  toJson,
  toMarkdown,
  type StorageLike,
  type StoredConversation,
} from "./conversation-store.ts";
import type { ChatMessage } from "./messages.ts";

class FakeStorage implements StorageLike {
  readonly data = new Map<string, string>();
  private readonly quotaChars: number;
  constructor(quotaChars = Infinity) {
    this.quotaChars = quotaChars;
  }
  get length() {
    return this.data.size;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    let used = value.length;
    for (const [k, v] of this.data) if (k !== key) used += v.length;
    if (used > this.quotaChars) {
      const error = new Error("The quota has been exceeded.");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const msg = (id: string, role: "user" | "assistant", text: string): ChatMessage => ({ id, role, parts: [{ type: "text", text }] });
const conversation = (id: string, updatedAt: number, text = "hello", size = 0): StoredConversation => ({
  id,
  messages: [msg(`${id}-1`, "user", text), msg(`${id}-2`, "assistant", "x".repeat(size))],
  createdAt: updatedAt,
  updatedAt,
});

/**
 * Records kept apart from the index, as IndexedDB keeps them in the browser: a map with a quota of characters
 * shared with nothing else, counting the records read.
 */
class FakeBodies implements ConversationBodies {
  readonly inStorage = false;
  readonly data = new Map<string, string>();
  reads = 0;
  private readonly quotaChars: number;
  constructor(quotaChars = Infinity) {
    this.quotaChars = quotaChars;
  }
  async get(id: string) {
    this.reads++;
    return this.data.get(id);
  }
  async set(id: string, raw: string) {
    let used = raw.length;
    for (const [k, v] of this.data) if (k !== id) used += v.length;
    if (used > this.quotaChars) throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
    this.data.set(id, raw);
  }
  async delete(id: string) {
    this.data.delete(id);
  }
  async ids() {
    return [...this.data.keys()];
  }
}

/** The two layouts: records in IndexedDB (the browser's), or in the index's own storage (where IndexedDB fails). */
const layouts = [
  {
    name: "records apart from the index",
    make: (quota = Infinity) => ({ storage: new FakeStorage(), bodies: new FakeBodies(quota) as ConversationBodies }),
    /** Room for the three records of the trimming test, and for the newest two with a fourth. */
    roomForThree: 3_000,
  },
  { name: "records in the index's storage", make: (quota = Infinity) => ({ storage: new FakeStorage(quota), bodies: undefined }), roomForThree: 3_300 },
];

describe.each(layouts)("ConversationStore, $name", ({ make, roomForThree }) => {
  const storeOf = (quota?: number) => {
    const { storage, bodies } = make(quota);
    return { storage, store: new ConversationStore(storage, bodies) };
  };

  it("saves and lists conversations newest first, titled by their first message", async () => {
    const { store } = storeOf();
    await store.save(conversation("a", 1, "first question"));
    await store.save(conversation("b", 3, "second question"));
    const list = await store.save({ ...conversation("c", 2), title: "Renamed" });
    const expected = [
      ["b", "second question"],
      ["c", "Renamed"],
      ["a", "first question"],
    ];
    expect(list.map((s) => [s.id, s.title])).toEqual(expected);
    expect(store.summaries().map((s) => [s.id, s.title])).toEqual(expected);
    expect((await store.load("a"))?.messages).toHaveLength(2);
    expect(store.takeNotices()).toEqual([]);
  });

  it("writes in the order asked, so a later save is never overwritten by an earlier one", async () => {
    const { store } = storeOf();
    const saves = [1, 2, 3].map((n) => store.save({ ...conversation("a", n), messages: [msg("1", "user", `version ${n}`)] }));
    await Promise.all(saves);
    expect(store.summaries()).toEqual([{ id: "a", title: "version 3", updatedAt: 3 }]);
    expect((await store.load("a"))?.messages[0].parts).toEqual([{ type: "text", text: "version 3" }]);
  });

  it("trims the oldest other conversations when storage is full, and says how many", async () => {
    // Room for three conversations (and the index), not for a fourth as large as two of them.
    const { store } = storeOf(roomForThree);
    await store.save(conversation("oldest", 1, "a", 900));
    await store.save(conversation("older", 2, "b", 900));
    await store.save(conversation("recent", 3, "c", 500));
    store.takeNotices();
    await store.save(conversation("current", 4, "d", 1_200));
    expect(store.summaries().map((s) => s.id)).toEqual(["current", "recent"]);
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: 2 }]);
    expect(await store.load("oldest")).toBeUndefined();
  });

  it("rejects with StorageFullError when the conversation alone does not fit", async () => {
    const { store } = storeOf(500);
    await store.save(conversation("small", 1));
    await expect(store.save(conversation("huge", 2, "big", 1_000))).rejects.toThrow(StorageFullError);
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: 1 }, { kind: "full" }]);
    // The store goes on: the next write that fits is made.
    await store.save(conversation("next", 3));
    expect(store.summaries().map((s) => s.id)).toEqual(["next"]);
  });

  it("keeps the visitor's name for a conversation when its messages are written again", async () => {
    const { store } = storeOf();
    await store.save(conversation("a", 1, "first words"));
    await store.rename("a", "My name");
    await store.saveKeepingName({ ...conversation("a", 2, "first words"), messages: [msg("1", "user", "first words"), msg("2", "assistant", "more")] });
    expect(store.summaries()).toEqual([{ id: "a", title: "My name", updatedAt: 2 }]);
    expect((await store.load("a"))?.title).toBe("My name");
  });

  it("a rename right after a write still on its way is kept: it waits for the write, and reads what it wrote", async () => {
    const { store } = storeOf();
    // Not awaited: the reply has just ended and its messages are being written when the visitor renames.
    const writing = store.saveKeepingName(conversation("a", 1, "first words"));
    const renaming = store.rename("a", "My name");
    const later = store.saveKeepingName({ ...conversation("a", 2, "first words"), messages: [msg("1", "user", "first words"), msg("2", "assistant", "more")] });
    await Promise.all([writing, renaming, later]);
    expect(store.summaries()).toEqual([{ id: "a", title: "My name", updatedAt: 2 }]);
    const stored = await store.load("a");
    expect(stored?.title).toBe("My name");
    expect(stored?.messages).toHaveLength(2);
  });

  it("removes a conversation from the list and from storage", async () => {
    const { store } = storeOf();
    await store.save(conversation("a", 1));
    await store.save(conversation("b", 2));
    await store.remove("a");
    expect(store.summaries().map((s) => s.id)).toEqual(["b"]);
    expect(await store.load("a")).toBeUndefined();
  });

  it("is only a cache: a damaged index is built again from the records", async () => {
    const { storage, store } = storeOf();
    await store.save(conversation("a", 1, "still listed"));
    storage.setItem(INDEX_KEY, "{broken");
    expect((await store.reconcile()).map((s) => s.title)).toEqual(["still listed"]);
    expect(store.summaries().map((s) => s.title)).toEqual(["still listed"]);
  });

  it("keeps the ended mark, a reply's Chatbase id and its feedback across a reload", async () => {
    const { storage, bodies } = make();
    const reply: ChatMessage = { ...msg("2", "assistant", "hi"), metadata: { conversationId: "c1", messageId: "msg_a_1", feedback: "positive" } };
    await new ConversationStore(storage, bodies).save({ ...conversation("v2", 1), messages: [msg("1", "user", "q"), reply], ended: true });
    const loaded = await new ConversationStore(storage, bodies).load("v2");
    expect(loaded?.ended).toBe(true);
    expect(loaded?.messages[1].metadata).toEqual({ conversationId: "c1", messageId: "msg_a_1", feedback: "positive" });
    expect(JSON.parse(toJson(loaded!, "v-visitor"))).toMatchObject({
      visitorId: "v-visitor",
      conversationId: "c1",
      ended: true,
      messages: [{ role: "user" }, { role: "assistant", chatbaseMessageId: "msg_a_1", feedback: "positive" }],
    });
    expect(toMarkdown(loaded!, "Bot", undefined, "v-visitor")).toContain("Visitor id: `v-visitor`");
  });
});

describe("what an older page stored in localStorage", () => {
  /** Counts the conversation records read from the storage. */
  class CountingStorage extends FakeStorage {
    recordReads = 0;
    override getItem(key: string) {
      if (key.startsWith(CONVERSATION_PREFIX)) this.recordReads++;
      return super.getItem(key);
    }
  }
  const v2Record = (id: string, updatedAt: number, text: string) =>
    JSON.stringify({ version: 2, id, messages: [msg(`${id}-1`, "user", text)], createdAt: updatedAt, updatedAt });

  it("moves, once, to the records apart from the index, which is then the list: nothing is read to show it", async () => {
    const storage = new CountingStorage();
    const bodies = new FakeBodies();
    for (let i = 0; i < 150; i++) storage.setItem(`${CONVERSATION_PREFIX}c${i}`, v2Record(`c${i}`, i, `question ${i}`));
    const store = new ConversationStore(storage, bodies);
    expect(store.needsReconcile()).toBe(true);
    const first = await store.reconcile();
    expect(first).toHaveLength(150);
    expect(first[0]).toEqual({ id: "c149", title: "question 149", updatedAt: 149 });
    expect(storage.recordReads).toBe(150);
    expect([...storage.data.keys()].filter((key) => key.startsWith(CONVERSATION_PREFIX))).toEqual([]);
    expect(bodies.data.size).toBe(150);

    storage.recordReads = 0;
    bodies.reads = 0;
    const reopened = new ConversationStore(storage, bodies);
    expect(reopened.needsReconcile()).toBe(false);
    expect(reopened.summaries()).toEqual(first);
    expect(storage.recordReads + bodies.reads).toBe(0);
    expect((await reopened.load("c3"))?.messages[0].parts).toEqual([{ type: "text", text: "question 3" }]);
  });

  it("can be opened before it has moved, and the newer copy wins when both exist", async () => {
    const storage = new FakeStorage();
    const bodies = new FakeBodies();
    const store = new ConversationStore(storage, bodies);
    await store.save(conversation("both", 5, "newer, already moved"));
    storage.setItem(`${CONVERSATION_PREFIX}both`, v2Record("both", 1, "older copy"));
    storage.setItem(`${CONVERSATION_PREFIX}only-here`, v2Record("only-here", 2, "not moved yet"));
    expect(titleOf((await store.load("only-here"))!)).toBe("not moved yet");
    await store.reconcile();
    expect(store.summaries().map((s) => s.title)).toEqual(["newer, already moved", "not moved yet"]);
    expect(titleOf((await store.load("both"))!)).toBe("newer, already moved");
  });

  it("is set aside when it cannot be read, and the rest is kept, with one notice", async () => {
    for (const { make } of layouts) {
      const { storage, bodies } = make();
      const store = new ConversationStore(storage, bodies);
      await store.save(conversation("good", 1));
      storage.setItem(`${CONVERSATION_PREFIX}broken`, "{not json");
      storage.setItem(`${CONVERSATION_PREFIX}future`, JSON.stringify({ version: 99, id: "future", messages: [] }));
      storage.setItem(`${CONVERSATION_PREFIX}wrong`, JSON.stringify({ version: 2, id: "wrong", messages: [{ role: "robot" }] }));
      expect((await store.reconcile()).map((s) => s.id)).toEqual(["good"]);
      expect(store.takeNotices()).toEqual([{ kind: "set-aside", count: 3 }]);
      expect([...storage.data.keys()].filter((key) => key.includes("set-aside"))).toHaveLength(3);
      expect((await store.reconcile()).map((s) => s.id)).toEqual(["good"]);
      expect(store.takeNotices()).toEqual([]);
    }
  });

  it("moves the first version's single conversation into the new layout", async () => {
    const storage = new FakeStorage();
    const bodies = new FakeBodies();
    storage.setItem(
      "chatbase-chat-page:conversation",
      JSON.stringify({ version: 1, conversation: { id: "old", conversationId: "web-1", messages: [msg("1", "user", "kept")], updatedAt: 5 } }),
    );
    const store = new ConversationStore(storage, bodies);
    expect(store.needsReconcile()).toBe(true);
    expect(await store.reconcile()).toEqual([{ id: "old", title: "kept", updatedAt: 5, conversationId: "web-1" }]);
    expect((await store.load("old"))?.conversationId).toBe("web-1");
    expect(storage.getItem("chatbase-chat-page:conversation")).toBeNull();
    expect(bodies.data.has("old")).toBe(true);
  });

  it("adds a record written without the index (an older page in another tab) and drops one deleted", async () => {
    const storage = new CountingStorage();
    const store = new ConversationStore(storage);
    await store.save(conversation("a", 1, "kept"));
    await store.save(conversation("b", 2, "deleted elsewhere"));
    storage.removeItem(`${CONVERSATION_PREFIX}b`);
    storage.setItem(`${CONVERSATION_PREFIX}c`, v2Record("c", 3, "written elsewhere"));
    storage.recordReads = 0;
    expect((await store.reconcile()).map((s) => s.title)).toEqual(["written elsewhere", "kept"]);
    expect(storage.recordReads).toBe(1);
  });

  it("frees room by reading the index once, not every conversation once per conversation removed", async () => {
    const storage = new CountingStorage(60_000);
    const store = new ConversationStore(storage);
    for (let i = 0; i < 40; i++) await store.save(conversation(`c${i}`, i, `q${i}`, 1_000));
    store.takeNotices();
    storage.recordReads = 0;
    await store.save(conversation("big", 100, "big", 30_000));
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: expect.any(Number) }]);
    expect(storage.recordReads).toBe(0);
    expect(store.summaries()[0].id).toBe("big");
    expect(store.summaries().at(-1)!.id).not.toBe("c0");
  });
});

describe("ConversationStore, a rename while its record is still being written", () => {
  it("is in the index at once, so a page closed then lists it, and a write that read the index before it keeps it", async () => {
    const storage = new FakeStorage();
    const bodies = new FakeBodies();
    const store = new ConversationStore(storage, bodies);
    await store.save(conversation("a", 1, "first words"));
    const indexes: string[] = [];
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      if (key === INDEX_KEY) indexes.push(value);
      setItem(key, value);
    };
    // Record writes wait from here on, as IndexedDB's do on a busy phone.
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const set = bodies.set.bind(bodies);
    bodies.set = async (id, raw) => {
      reached();
      await gate;
      return set(id, raw);
    };
    // The reply has just ended: its messages are being written, with the index as it was read before the rename.
    const writing = store.saveKeepingName({ ...conversation("a", 2, "first words"), messages: [msg("1", "user", "first words"), msg("2", "assistant", "more")] });
    await atGate;
    const renaming = store.rename("a", "My name");

    // The page is closed now, and opened again: the list is read from the index alone.
    expect(new ConversationStore(storage, new FakeBodies()).summaries()).toEqual([{ id: "a", title: "My name", updatedAt: 1 }]);
    const fromRename = indexes.length - 1;
    release();
    await Promise.all([writing, renaming]);
    expect(indexes.slice(fromRename).map((text) => (JSON.parse(text) as { conversations: { title: string }[] }).conversations[0].title)).toEqual(
      indexes.slice(fromRename).map(() => "My name"),
    );
    expect(store.summaries()).toEqual([{ id: "a", title: "My name", updatedAt: 2 }]);
    expect((await store.load("a"))?.title).toBe("My name");
  });

  it("a record the page had no time to write the name into is read with the index's name, and cleared with it", async () => {
    const storage = new FakeStorage();
    const bodies = new FakeBodies();
    const store = new ConversationStore(storage, bodies);
    await store.save(conversation("a", 1, "first words"));
    const record = bodies.data.get("a")!;
    await store.rename("a", "My name");
    // As if the page closed after the index was written and before the record was.
    bodies.data.set("a", record);
    const reopened = new ConversationStore(storage, bodies);
    expect((await reopened.load("a"))?.title).toBe("My name");
    await reopened.rename("a", undefined);
    expect(reopened.summaries()[0].title).toBe("first words");
    expect((await reopened.load("a"))?.title).toBeUndefined();
  });
});

describe("indexTimes", () => {
  it("reads each conversation's last write from an index event's value, and nothing from a damaged one", () => {
    expect(indexTimes(JSON.stringify({ version: 1, conversations: [{ id: "a", title: "t", updatedAt: 7 }] }))).toEqual(new Map([["a", 7]]));
    expect(indexTimes("{broken")).toEqual(new Map());
    expect(indexTimes(null)).toEqual(new Map());
  });
});

describe("titles and exports", () => {
  it("titles a conversation by its first message, shortened", () => {
    expect(titleOf({ messages: [] })).toBe("New conversation");
    expect(titleOf({ messages: [msg("1", "user", "  what\nis   this ")] })).toBe("what is this");
    expect(titleOf({ messages: [msg("1", "user", "x".repeat(100))] })).toHaveLength(60);
  });

  it("exports Markdown and JSON with every message", () => {
    const c = { ...conversation("e", 0, "Question?"), messages: [msg("1", "user", "Question?"), msg("2", "assistant", "**Answer**")] };
    expect(toMarkdown(c, "Bot")).toBe("# Question?\n\n**You:**\n\nQuestion?\n\n**Bot:**\n\n**Answer**\n");
    expect(JSON.parse(toJson(c))).toMatchObject({
      version: 2,
      title: "Question?",
      messages: [
        { role: "user", text: "Question?" },
        { role: "assistant", text: "**Answer**" },
      ],
    });
  });
});
