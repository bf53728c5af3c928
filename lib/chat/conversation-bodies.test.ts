import { describe, expect, it } from "vitest";
import { IndexedDbBodies } from "./conversation-bodies.ts";
import { CONVERSATION_PREFIX, ConversationStore, StorageBodies } from "./conversation-store.ts";
import { MemoryStorage } from "./memory-storage.ts";

describe("IndexedDbBodies", () => {
  it("falls back, for good, to the index's storage where IndexedDB cannot be used (here: Node has none)", async () => {
    const storage = new MemoryStorage();
    const bodies = new IndexedDbBodies(() => new StorageBodies(storage));
    expect(bodies.inStorage).toBe(false);
    const store = new ConversationStore(storage, bodies);
    await store.save({ id: "a", messages: [{ id: "1", role: "user", parts: [{ type: "text", text: "kept" }] }], createdAt: 1, updatedAt: 1 });
    expect(bodies.inStorage).toBe(true);
    expect(storage.getItem(`${CONVERSATION_PREFIX}a`)).toContain("kept");
    expect((await store.load("a"))?.messages).toHaveLength(1);
    expect(store.summaries()).toEqual([{ id: "a", title: "kept", updatedAt: 1 }]);
  });
});
