import { expect, type Page } from "@playwright/test";
import { appUrl, type AppName } from "./servers";

export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
export const replies = (page: Page) => page.locator('[data-role="assistant"] .message-bubble');
export const lastReply = (page: Page) => replies(page).last();
/** Our error banner (Next.js keeps an empty route announcer with role alert too). */
export const errorAlert = (page: Page) => page.locator(".chat-error[role=alert]");
export const conversationItems = (page: Page) => page.locator(".conversation-item .conversation-open");
export const sendButton = (page: Page) => page.getByRole("button", { name: "Send", exact: true });

/**
 * The page is in the HTML before its JavaScript runs; it marks itself loaded once it has hydrated and
 * read the browser's storage. Tests that type and press Enter wait for that, as a visitor's keys before
 * it would only reach a plain textbox.
 */
export async function ready(page: Page) {
  await expect(page.locator(".app")).toHaveAttribute("data-loaded", "true");
}

export async function open(page: Page, app: AppName, path = "/") {
  await page.goto(appUrl(app) + path);
  await expect(composer(page)).toBeVisible();
  await ready(page);
}

export async function reload(page: Page) {
  await page.reload();
  await ready(page);
}

export async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

/**
 * Clicks Stop and resolves with the time the page took the click (`Date.now()` there: the machine's clock, as the
 * stand-in's `closedAt`). Stop's one-second bound runs from the visitor's click. Playwright's own checks before it
 * clicks (visible, stable, enabled, not covered) took up to 1.6 s on a loaded machine, while the page took the
 * click to Chatbase's request closing in 10–200 ms: they are the harness's time, not Stop's.
 */
export async function clickStop(page: Page): Promise<number> {
  const stop = page.getByRole("button", { name: "Stop", exact: true });
  await expect(stop).toBeVisible();
  await page.evaluate(() => {
    const record = () => ((window as unknown as { stopClickedAt: number }).stopClickedAt = Date.now());
    document.addEventListener("click", record, { capture: true, once: true });
  });
  await stop.click();
  return page.evaluate(() => (window as unknown as { stopClickedAt: number }).stopClickedAt);
}

/** Sends and waits until the reply to it has finished. */
export async function exchange(page: Page, text: string) {
  const replies = page.locator('[data-role="assistant"]');
  const before = await replies.count();
  await send(page, text);
  await expect(replies).toHaveCount(before + 1, { timeout: 15_000 });
  await expect(sendButton(page)).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "false");
}

/** A conversation as the page stores it (lib/chat/conversation-store.ts), as much of it as tests read. */
export interface StoredRecord {
  id: string;
  messages: { id: string; role: string; parts: { type: string; text?: string }[]; metadata?: Record<string, unknown> }[];
  [field: string]: unknown;
}

/** Every conversation the page keeps in IndexedDB (lib/chat/conversation-bodies.ts), by id. */
export async function storedConversations(page: Page): Promise<Record<string, StoredRecord>> {
  return page.evaluate(
    ({ database, store }) =>
      new Promise<Record<string, StoredRecord>>((resolve, reject) => {
        const opening = indexedDB.open(database);
        opening.onupgradeneeded = () => opening.result.createObjectStore(store);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const records: Record<string, StoredRecord> = {};
          const cursor = opening.result.transaction(store).objectStore(store).openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) {
              opening.result.close();
              return resolve(records);
            }
            records[String(at.key)] = JSON.parse(at.value as string) as StoredRecord;
            at.continue();
          };
        };
      }),
    STORED,
  );
}

/** The conversation open in this tab, as stored. */
export async function openStoredConversation(page: Page): Promise<StoredRecord | undefined> {
  const id = await page.evaluate(() => sessionStorage.getItem("chatbase-chat-page:open"));
  return id ? (await storedConversations(page))[id] : undefined;
}

/** Writes a conversation's record as the page would (a test's way to make the state it needs). */
export async function storeConversation(page: Page, record: StoredRecord): Promise<void> {
  await page.evaluate(
    ({ database, store, record }) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open(database);
        opening.onupgradeneeded = () => opening.result.createObjectStore(store);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const writing = opening.result.transaction(store, "readwrite");
          writing.objectStore(store).put(JSON.stringify(record), record.id);
          writing.oncomplete = () => (opening.result.close(), resolve());
          writing.onerror = () => reject(writing.error);
        };
      }),
    { ...STORED, record },
  );
}

/** Where lib/chat/conversation-bodies.ts keeps the records. */
const STORED = { database: "chatbase-chat-page:conversations", store: "records" };
