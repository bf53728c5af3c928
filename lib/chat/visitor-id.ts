import { randomId } from "../id.ts";

/** Chatbase's pattern for a v2 user id; the route refuses anything else. */
export const VISITOR_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
export const VISITOR_ID_KEY = "chatbase-chat-page:visitor";

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

/**
 * This browser's visitor id (`v-` and 20 random characters): made once,
 * then kept, so the owner sees one visitor's conversations grouped in
 * Chatbase. Without storage it lasts as long as the page.
 */
export function visitorId(storage: Storage | undefined): string {
  try {
    const stored = storage?.getItem(VISITOR_ID_KEY);
    if (stored && VISITOR_ID_PATTERN.test(stored)) return stored;
  } catch {
    // Storage blocked: a fresh id below, kept only in memory.
  }
  const fresh = `v-${randomId(20)}`;
  try {
    storage?.setItem(VISITOR_ID_KEY, fresh);
  } catch {
    // As above.
  }
  return fresh;
}
