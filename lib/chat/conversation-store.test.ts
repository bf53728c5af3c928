import { describe, expect, it } from "vitest";
import {
  CONVERSATION_PREFIX,
  ConversationStore,
  INDEX_KEY,
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

describe("ConversationStore", () => {
  it("saves and lists conversations newest first, titled by their first message", () => {
    const store = new ConversationStore(new FakeStorage());
    store.save(conversation("a", 1, "first question"));
    store.save(conversation("b", 3, "second question"));
    store.save({ ...conversation("c", 2), title: "Renamed" });
    expect(store.summaries().map((s) => [s.id, s.title])).toEqual([
      ["b", "second question"],
      ["c", "Renamed"],
      ["a", "first question"],
    ]);
    expect(store.load("a")?.messages).toHaveLength(2);
    expect(store.takeNotices()).toEqual([]);
  });

  it("sets aside damaged or unknown entries, keeps the rest, and says so", () => {
    const storage = new FakeStorage();
    const store = new ConversationStore(storage);
    store.save(conversation("good", 1));
    storage.setItem(`${CONVERSATION_PREFIX}broken`, "{not json");
    storage.setItem(`${CONVERSATION_PREFIX}future`, JSON.stringify({ version: 99, id: "future", messages: [] }));
    storage.setItem(`${CONVERSATION_PREFIX}wrong`, JSON.stringify({ version: 2, id: "wrong", messages: [{ role: "robot" }] }));
    expect(store.summaries().map((s) => s.id)).toEqual(["good"]);
    expect(store.takeNotices()).toEqual([{ kind: "set-aside", count: 3 }]);
    const setAside = [...storage.data.keys()].filter((key) => key.includes("set-aside"));
    expect(setAside).toHaveLength(3);
    expect(store.summaries().map((s) => s.id)).toEqual(["good"]);
    expect(store.takeNotices()).toEqual([]);
  });

  it("moves the first version's single conversation into the new layout", () => {
    const storage = new FakeStorage();
    storage.setItem(
      "chatbase-chat-page:conversation",
      JSON.stringify({ version: 1, conversation: { id: "old", conversationId: "web-1", messages: [msg("1", "user", "kept")], updatedAt: 5 } }),
    );
    const store = new ConversationStore(storage);
    expect(store.summaries()).toEqual([{ id: "old", title: "kept", updatedAt: 5, conversationId: "web-1" }]);
    expect(store.load("old")?.conversationId).toBe("web-1");
    expect(storage.getItem("chatbase-chat-page:conversation")).toBeNull();
  });

  it("trims the oldest other conversations when storage is full, and says how many", () => {
    // Room for three conversations and the index, not for a fourth as large as two of them.
    const store = new ConversationStore(new FakeStorage(3_300));
    store.save(conversation("oldest", 1, "a", 900));
    store.save(conversation("older", 2, "b", 900));
    store.save(conversation("recent", 3, "c", 500));
    store.takeNotices();
    store.save(conversation("current", 4, "d", 1_200));
    expect(store.summaries().map((s) => s.id)).toEqual(["current", "recent"]);
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: 2 }]);
  });

  it("throws StorageFullError when the conversation alone does not fit", () => {
    const store = new ConversationStore(new FakeStorage(500));
    store.save(conversation("small", 1));
    expect(() => store.save(conversation("huge", 2, "big", 1_000))).toThrow(StorageFullError);
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: 1 }, { kind: "full" }]);
  });
});

describe("the index", () => {
  /** Counts the conversation records read, which is what opening the page should no longer do. */
  class CountingStorage extends FakeStorage {
    recordReads = 0;
    override getItem(key: string) {
      if (key.startsWith(CONVERSATION_PREFIX)) this.recordReads++;
      return super.getItem(key);
    }
  }
  const v2Record = (id: string, updatedAt: number, text: string) =>
    JSON.stringify({ version: 2, id, messages: [msg(`${id}-1`, "user", text)], createdAt: updatedAt, updatedAt });

  it("is built once from what an earlier version stored, then the list is read from it alone", () => {
    const storage = new CountingStorage();
    for (let i = 0; i < 150; i++) storage.setItem(`${CONVERSATION_PREFIX}c${i}`, v2Record(`c${i}`, i, `question ${i}`));
    const first = new ConversationStore(storage).summaries();
    expect(first).toHaveLength(150);
    expect(first[0]).toEqual({ id: "c149", title: "question 149", updatedAt: 149 });
    expect(storage.recordReads).toBe(150);
    expect(JSON.parse(storage.getItem(INDEX_KEY)!)).toMatchObject({ version: 1 });

    storage.recordReads = 0;
    expect(new ConversationStore(storage).summaries()).toEqual(first);
    expect(storage.recordReads).toBe(0);
  });

  it("adds a conversation written without it (an older page in another tab) and drops one deleted", () => {
    const storage = new CountingStorage();
    const store = new ConversationStore(storage);
    store.save(conversation("a", 1, "kept"));
    store.save(conversation("b", 2, "deleted elsewhere"));
    storage.removeItem(`${CONVERSATION_PREFIX}b`);
    storage.setItem(`${CONVERSATION_PREFIX}c`, v2Record("c", 3, "written elsewhere"));
    storage.recordReads = 0;
    expect(store.summaries().map((s) => s.title)).toEqual(["written elsewhere", "kept"]);
    expect(storage.recordReads).toBe(1);
  });

  it("is only a cache: a damaged one is built again", () => {
    const storage = new FakeStorage();
    const store = new ConversationStore(storage);
    store.save(conversation("a", 1, "still listed"));
    storage.setItem(INDEX_KEY, "{broken");
    expect(store.summaries().map((s) => s.title)).toEqual(["still listed"]);
  });

  it("keeps the visitor's name for a conversation when its messages are written again", () => {
    const store = new ConversationStore(new FakeStorage());
    store.save(conversation("a", 1, "first words"));
    store.rename("a", "My name");
    store.saveKeepingName({ ...conversation("a", 2, "first words"), messages: [msg("1", "user", "first words"), msg("2", "assistant", "more")] });
    expect(store.summaries()).toEqual([{ id: "a", title: "My name", updatedAt: 2 }]);
    expect(store.load("a")?.title).toBe("My name");
  });

  it("frees room by reading the index once, not every conversation once per conversation removed", () => {
    const storage = new CountingStorage(60_000);
    const store = new ConversationStore(storage);
    for (let i = 0; i < 40; i++) store.save(conversation(`c${i}`, i, `q${i}`, 1_000));
    store.takeNotices();
    storage.recordReads = 0;
    store.save(conversation("big", 100, "big", 30_000));
    expect(store.takeNotices()).toEqual([{ kind: "trimmed", count: expect.any(Number) }]);
    expect(storage.recordReads).toBe(0);
    expect(store.summaries()[0].id).toBe("big");
    expect(store.summaries().at(-1)!.id).not.toBe("c0");
  });
});

describe("v2 state", () => {
  it("keeps the ended mark, a reply's Chatbase id and its feedback across a reload", () => {
    const storage = new FakeStorage();
    const reply: ChatMessage = { ...msg("2", "assistant", "hi"), metadata: { conversationId: "c1", messageId: "msg_a_1", feedback: "positive" } };
    new ConversationStore(storage).save({ ...conversation("v2", 1), messages: [msg("1", "user", "q"), reply], ended: true });
    const loaded = new ConversationStore(storage).load("v2");
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
