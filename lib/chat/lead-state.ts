// Browser only: what the page remembers of the lead form, in localStorage, with one owner for the page to read.
import "client-only";
import { PREFIX } from "./storage-keys.ts";

/** Set once the visitor's details were sent: the form is not asked again in this browser. */
export const LEAD_SENT_KEY = `${PREFIX}lead-sent`;
/** Conversations whose `after:N` offer the visitor dismissed: not offered again in them. */
export const LEAD_DISMISSED_KEY = `${PREFIX}lead-dismissed`;
const MAX_DISMISSED = 200;

export interface LeadState {
  sent: boolean;
  dismissed: readonly string[];
}

/** What the server renders: nothing known yet, so a `before` form is in the page's first HTML. */
export const SERVER_LEAD_STATE: LeadState = { sent: false, dismissed: [] };

function read(): LeadState {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(LEAD_DISMISSED_KEY) ?? "[]");
    const sent = localStorage.getItem(LEAD_SENT_KEY) !== null;
    const dismissed = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : [];
    // Nothing remembered is the server's own snapshot, the same object: after hydration React compares the two,
    // and a different one (even an equal one) makes it render the conversation again, at once.
    return sent || dismissed.length > 0 ? { sent, dismissed } : SERVER_LEAD_STATE;
  } catch {
    return memory;
  }
}

/** Where the state lives when storage is blocked: for as long as the page. */
let memory: LeadState = SERVER_LEAD_STATE;
let current: LeadState | undefined;
const listeners = new Set<() => void>();

function changed() {
  current = undefined;
  for (const listener of listeners) listener();
}

export const leadState = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      if (event.key === LEAD_SENT_KEY || event.key === LEAD_DISMISSED_KEY) changed();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener("storage", onStorage);
    };
  },
  getSnapshot(): LeadState {
    current ??= read();
    return current;
  },
  getServerSnapshot: (): LeadState => SERVER_LEAD_STATE,
  markSent(): void {
    memory = { ...memory, sent: true };
    try {
      localStorage.setItem(LEAD_SENT_KEY, String(Date.now()));
    } catch {
      // Blocked: remembered for this page only.
    }
    changed();
  },
  dismiss(conversationId: string): void {
    const dismissed = [...leadState.getSnapshot().dismissed.filter((id) => id !== conversationId), conversationId].slice(-MAX_DISMISSED);
    memory = { ...memory, dismissed };
    try {
      localStorage.setItem(LEAD_DISMISSED_KEY, JSON.stringify(dismissed));
    } catch {
      // As above.
    }
    changed();
  },
};
