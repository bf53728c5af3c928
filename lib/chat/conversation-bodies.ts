// Browser only: where each conversation's messages are kept, apart from the index of titles in localStorage.
import "client-only";
import { createStore, del, get, keys, set, type UseStore } from "idb-keyval";
import { isQuotaError, StorageBodies, type ConversationBodies, type StorageLike } from "./conversation-store.ts";
import { PREFIX } from "./storage-keys.ts";

/** The database and object store the records live in (`idb-keyval`: one key-value store). */
export const BODIES_DATABASE = `${PREFIX}conversations`;
export const BODIES_STORE = "records";

/**
 * The records in IndexedDB (through `idb-keyval`), read one at a time and never all at once. If IndexedDB
 * fails for any reason but a full quota (blocked by a privacy setting, refused in a frame, a browser without
 * it), the records go where the index is (`fallback`), and stay there for the rest of the page's life: the
 * chat keeps working. A full quota is passed on, as the store frees room itself.
 */
export class IndexedDbBodies implements ConversationBodies {
  private store: UseStore | undefined;
  private fallback: ConversationBodies | undefined;
  private readonly makeFallback: () => ConversationBodies;

  constructor(makeFallback: () => ConversationBodies) {
    this.makeFallback = makeFallback;
    // Opened now (the page makes this while it hydrates), so that reading the open conversation right after does not
    // wait for the database to open too. If it cannot be, the first use tries again and falls back.
    try {
      this.store = createStore(BODIES_DATABASE, BODIES_STORE);
    } catch {
      this.store = undefined;
    }
  }

  get inStorage(): boolean {
    return this.fallback?.inStorage ?? false;
  }

  get(id: string) {
    return this.use((store) => get<string>(id, store), (bodies) => bodies.get(id));
  }

  set(id: string, raw: string) {
    return this.use((store) => set(id, raw, store), (bodies) => bodies.set(id, raw));
  }

  delete(id: string) {
    return this.use((store) => del(id, store), (bodies) => bodies.delete(id));
  }

  ids() {
    return this.use(async (store) => (await keys(store)).filter((key): key is string => typeof key === "string"), (bodies) => bodies.ids());
  }

  private async use<T>(operation: (store: UseStore) => Promise<T>, otherwise: (bodies: ConversationBodies) => Promise<T>): Promise<T> {
    if (!this.fallback) {
      try {
        this.store ??= createStore(BODIES_DATABASE, BODIES_STORE);
        return await operation(this.store);
      } catch (error) {
        if (isQuotaError(error)) throw error;
        this.fallback = this.makeFallback();
      }
    }
    return otherwise(this.fallback);
  }
}

/** IndexedDB where the browser has it, else the index's own storage. */
export function browserBodies(storage: StorageLike): ConversationBodies {
  const inStorage = () => new StorageBodies(storage);
  try {
    if (typeof indexedDB !== "undefined" && indexedDB) return new IndexedDbBodies(inStorage);
  } catch {
    // Reading `indexedDB` itself can throw where storage is blocked.
  }
  return inStorage();
}
