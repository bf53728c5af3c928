import { USER_ID_PATTERN } from "../chatbase/request.ts";
import { randomId } from "../id.ts";
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
    // Within Chatbase's pattern for a user id, or the route would refuse every message.
    if (stored && USER_ID_PATTERN.test(stored)) return stored;
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
