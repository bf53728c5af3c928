// Browser only: where the conversations live when the browser's storage cannot be used.
import "client-only";
import { isQuotaError, type StorageLike } from "./conversation-store.ts";

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

/**
 * The browser's storage until it fails for any reason but a full quota (blocked by a privacy setting,
 * refused in a third-party frame, revoked while the page is open), then memory: the chat keeps working
 * and `memoryOnly` says so. A full quota is passed on, as the store frees room itself.
 */
export class FallbackStorage implements StorageLike {
  private readonly browser: StorageLike | undefined;
  private memory: MemoryStorage | undefined;

  constructor(browser: StorageLike | undefined) {
    this.browser = browser;
    if (!browser) this.memory = new MemoryStorage();
  }

  get memoryOnly(): boolean {
    return this.memory !== undefined;
  }

  get length(): number {
    return this.use((storage) => storage.length);
  }

  key(index: number): string | null {
    return this.use((storage) => storage.key(index));
  }

  getItem(key: string): string | null {
    return this.use((storage) => storage.getItem(key));
  }

  setItem(key: string, value: string): void {
    this.use((storage) => storage.setItem(key, value));
  }

  removeItem(key: string): void {
    this.use((storage) => storage.removeItem(key));
  }

  private use<T>(operation: (storage: StorageLike) => T): T {
    if (this.memory) return operation(this.memory);
    try {
      return operation(this.browser!);
    } catch (error) {
      if (isQuotaError(error)) throw error;
      this.memory = this.copyOf(this.browser!);
      return operation(this.memory);
    }
  }

  /** What can still be read carries over, so a conversation open in this page is not lost. */
  private copyOf(browser: StorageLike): MemoryStorage {
    const memory = new MemoryStorage();
    try {
      for (let i = 0; i < browser.length; i++) {
        const key = browser.key(i);
        const value = key === null ? null : browser.getItem(key);
        if (key !== null && value !== null) memory.setItem(key, value);
      }
    } catch {
      // Nothing readable: the page starts from what it holds in memory.
    }
    return memory;
  }
}

/** The browser's localStorage when the page may use it, falling back to memory when it cannot. */
export function browserStorage(): FallbackStorage {
  try {
    if (typeof window !== "undefined" && window.localStorage) return new FallbackStorage(window.localStorage);
  } catch {
    // Blocked (a privacy setting, a sandboxed frame): the chat still works for as long as the page is open.
  }
  return new FallbackStorage(undefined);
}
