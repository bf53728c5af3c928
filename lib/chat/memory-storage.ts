// Browser only: where the conversations live when the browser's storage cannot be used.
import "client-only";
import type { StorageLike } from "./conversation-store.ts";

/**
 * Storage that lasts as long as the page: what the store uses where the
 * browser's storage does not exist (the server's render) or is blocked.
 */
export class MemoryStorage implements StorageLike {
  private readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** The browser's localStorage when the page may use it; otherwise storage in memory. */
export function browserStorage(): StorageLike {
  try {
    if (typeof window !== "undefined" && window.localStorage) return window.localStorage;
  } catch {
    // Blocked (a privacy setting, a sandboxed frame): the chat still works for as long as the page is open.
  }
  return new MemoryStorage();
}
