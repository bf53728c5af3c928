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

/** Sends and waits until the reply to it has finished. */
export async function exchange(page: Page, text: string) {
  const replies = page.locator('[data-role="assistant"]');
  const before = await replies.count();
  await send(page, text);
  await expect(replies).toHaveCount(before + 1, { timeout: 15_000 });
  await expect(sendButton(page)).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "false");
}
