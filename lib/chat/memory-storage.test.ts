import { describe, expect, it } from "vitest";
import { ConversationStore, type StorageLike } from "./conversation-store.ts";
import { FallbackStorage, MemoryStorage } from "./memory-storage.ts";

/** A browser storage that works until `fail` is set, then refuses writes (and reads, with `failReads`). */
class FlakyStorage extends MemoryStorage {
  fail: Error | undefined;
  failReads = false;
  override setItem(key: string, value: string): void {
    if (this.fail) throw this.fail;
    super.setItem(key, value);
  }
  override getItem(key: string): string | null {
    if (this.fail && this.failReads) throw this.fail;
    return super.getItem(key);
  }
}

const securityError = () => Object.assign(new Error("The operation is insecure."), { name: "SecurityError" });
const quotaError = () => Object.assign(new Error("Quota exceeded"), { name: "QuotaExceededError" });
const conversation = (id: string) => ({ id, messages: [{ id: `${id}-m`, role: "user" as const, parts: [{ type: "text" as const, text: id }] }], createdAt: 1, updatedAt: 1 });

describe("FallbackStorage", () => {
  it("uses the browser's storage while it works", () => {
    const browser = new FlakyStorage();
    const storage = new FallbackStorage(browser);
    storage.setItem("a", "1");
    expect(browser.getItem("a")).toBe("1");
    expect(storage.memoryOnly).toBe(false);
  });

  it("keeps working in memory once the browser's storage refuses, with what it held", () => {
    const browser = new FlakyStorage();
    const storage = new FallbackStorage(browser);
    storage.setItem("a", "1");
    browser.fail = securityError();
    storage.setItem("b", "2");
    expect(storage.memoryOnly).toBe(true);
    expect(storage.getItem("b")).toBe("2");
    expect(storage.length).toBe(2);
  });

  it("starts from nothing in memory when the browser's storage cannot even be read", () => {
    const browser = new FlakyStorage();
    const storage = new FallbackStorage(browser);
    storage.setItem("a", "1");
    browser.fail = securityError();
    browser.failReads = true;
    expect(storage.getItem("a")).toBeNull();
    storage.setItem("b", "2");
    expect(storage.getItem("b")).toBe("2");
  });

  it("is memory from the start when there is no browser storage", () => {
    const storage = new FallbackStorage(undefined);
    storage.setItem("a", "1");
    expect(storage.getItem("a")).toBe("1");
    expect(storage.memoryOnly).toBe(true);
  });

  it("passes a full quota on, for the store to free room", () => {
    const browser = new FlakyStorage();
    const storage = new FallbackStorage(browser);
    browser.fail = quotaError();
    expect(() => storage.setItem("a", "1")).toThrow("Quota exceeded");
    expect(storage.memoryOnly).toBe(false);
  });
});

describe("the store on storage that falls back to memory", () => {
  it("says so once, and keeps every conversation", async () => {
    const browser = new FlakyStorage();
    const store = new ConversationStore(new FallbackStorage(browser) as StorageLike);
    await store.save(conversation("one"));
    expect(store.takeNotices()).toEqual([]);
    browser.fail = securityError();
    await store.save(conversation("two"));
    expect(store.takeNotices()).toEqual([{ kind: "memory-only" }]);
    await store.save(conversation("three"));
    expect(store.takeNotices()).toEqual([]);
    expect(store.summaries().map((s) => s.id).sort()).toEqual(["one", "three", "two"]);
  });
});
