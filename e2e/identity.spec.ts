import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { unique } from "./support/http";
import { standinLog, userHash } from "./support/identity";
import { appUrl, identitySiteOrigin, STANDIN_URL, TEST_API_KEY, TEST_CHATBOT_ID } from "./support/servers";
import { Site } from "./support/site";

/**
 * Signed-in visitors in the browser: an owner's site on another origin passes a user id and its hash to
 * embed.js (attributes or ChatbaseChat.identify), and the chat in the frame (v2, CHATBASE_IDENTITY_SECRET set)
 * lists and opens the visitor's conversations from Chatbase.
 */
const APP = appUrl("identity");
const SHOP = `<main><h1>Acme shop</h1><p>Signed in as a customer.</p></main>`;
const script = (attributes = "") => `<script src="${APP}/embed.js" ${attributes} defer></script>`;
const signedIn = (userId: string, hash = userHash(userId)) => script(`data-user-id="${userId}" data-user-hash="${hash}"`);

let site: Site;

// Two browser contexts and several full replies per test: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(async ({}, testInfo) => {
  site = new Site(identitySiteOrigin(testInfo.parallelIndex));
  await site.start();
});

test.afterAll(async () => {
  await site.stop();
});

const launcher = (page: Page) => page.locator("[data-chatbase-chat]").getByRole("button", { name: "Open chat" });
const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Assistant chat"]');
const app = (page: Page) => chat(page).locator(".app");
const drawer = (page: Page) => chat(page).getByRole("dialog", { name: "Conversations" });
const fromAccount = (page: Page) => drawer(page).locator(".conversation-item[data-remote]");

async function openChat(page: Page, url: string, identity: string) {
  await page.goto(url);
  await launcher(page).click();
  await expect(app(page)).toHaveAttribute("data-loaded", "true");
  await expect(app(page)).toHaveAttribute("data-identity", identity);
}

async function ask(page: Page, question: string) {
  const box = chat(page).getByRole("textbox", { name: "Message" });
  await box.fill(question);
  await box.press("Enter");
  await expect(chat(page).locator(".message-bubble", { hasText: question })).toBeVisible();
  await expect(chat(page).locator('[data-role="assistant"][data-streaming]')).toHaveCount(0);
  await expect(chat(page).locator('[data-role="assistant"] .message-bubble').last()).not.toBeEmpty();
}

async function showList(page: Page) {
  await chat(page).getByRole("button", { name: "Conversations" }).click();
  await expect(drawer(page)).toBeVisible();
}

/** What the stand-in received for the chat message carrying `marker`. */
async function chatBody(marker: string): Promise<Record<string, unknown>> {
  await expect.poll(async () => (await standinLog()).some((r) => JSON.stringify(r.body ?? "").includes(marker))).toBe(true);
  return (await standinLog()).find((r) => JSON.stringify(r.body ?? "").includes(marker))!.body as Record<string, unknown>;
}

/** "Another device": a second browser context, signed in as `userId`, starts a conversation. */
async function chatFromAnotherDevice(browser: Browser, userId: string, question: string) {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await openChat(page, site.page(SHOP + signedIn(userId)), "verified");
  await ask(page, question);
  const body = await chatBody(question);
  expect(body.userId).toBe(userId);
  await phone.close();
}

/** Every URL the page and its frame request; the id and hash must be in none. */
function watchUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  return urls;
}

function watchConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on("console", (message) => lines.push(message.text()));
  return lines;
}

test("u-42 with a good hash: a conversation from another device is listed and opens; new messages go out as u-42", async ({ browser, page }) => {
  const USER = "u-42";
  const elsewhere = unique("Where is my parcel, asked on my phone");
  await chatFromAnotherDevice(browser, USER, elsewhere);

  const urls = watchUrls(page);
  const logs = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openChat(page, site.page(SHOP + signedIn(USER)), "verified");
  await showList(page);
  const entry = fromAccount(page).filter({ hasText: elsewhere });
  await expect(entry).toBeVisible();
  // Listed from the account, not stored here: nothing to rename or delete.
  await expect(entry.getByRole("button")).toHaveCount(1);
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/history-desktop.png` });
  }

  await entry.getByRole("button", { name: elsewhere }).click();
  const messages = chat(page).locator(".message-list .message-bubble");
  await expect(messages.first()).toHaveText(elsewhere);
  await expect(messages).toHaveCount(2);

  // It goes on as any conversation: the same Chatbase conversation, which now holds both questions.
  const next = unique("And when will it arrive");
  await ask(page, next);
  const { conversationId } = (await chatBody(next)) as { conversationId: string };
  const held = await fetch(`${STANDIN_URL}/api/v2/agents/${TEST_CHATBOT_ID}/conversations/${conversationId}/messages`, {
    headers: { Authorization: `Bearer ${TEST_API_KEY}` },
  });
  const { data } = (await held.json()) as { data: { role: string; parts: { text: string }[] }[] };
  expect(data.filter((m) => m.role === "user").map((m) => m.parts[0].text)).toEqual([next, elsewhere]);

  // A new chat starts under the verified id.
  await chat(page).getByRole("button", { name: "New chat" }).click();
  const fresh = unique("A new question");
  await ask(page, fresh);
  expect(await chatBody(fresh)).toMatchObject({ userId: USER });
  expect(await chatBody(fresh)).not.toHaveProperty("conversationId");

  const hash = userHash(USER);
  expect(urls.filter((url) => url.includes(USER) || url.includes(hash))).toEqual([]);
  expect(logs.filter((line) => /did not verify/.test(line))).toEqual([]);
});

test("the account's conversation is listed once, in the drawer on a phone", async ({ browser, page }) => {
  const user = unique("u");
  const elsewhere = unique("Asked on my laptop");
  await chatFromAnotherDevice(browser, user, elsewhere);
  await page.setViewportSize({ width: 360, height: 740 });
  await openChat(page, site.page(SHOP + signedIn(user)), "verified");
  const here = unique("Asked here");
  await ask(page, here);
  await showList(page);
  await expect(fromAccount(page)).toHaveText([elsewhere]);
  await expect(drawer(page).locator(".conversation-open")).toHaveText([here, elsewhere]);
  // The drawer with the account's entry beside this browser's: no axe finding at all.
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found).toEqual([]);
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/history-phone.png` });
  }
  // Opened and continued here, it is this browser's: listed once, no longer as the account's.
  await fromAccount(page).getByRole("button", { name: elsewhere }).click();
  await expect(chat(page).locator(".message-list .message-bubble").first()).toHaveText(elsewhere);
  await ask(page, unique("Continued here"));
  await showList(page);
  await expect(drawer(page).locator(".conversation-open")).toHaveCount(2);
  await expect(fromAccount(page)).toHaveCount(0);
});

test("a forged hash: nothing listed, nothing asked of Chatbase for that id, the id not used, the console says so once", async ({ browser, page }) => {
  const user = unique("u");
  await chatFromAnotherDevice(browser, user, unique("Someone's real conversation"));
  const since = Date.now();
  const urls = watchUrls(page);
  const logs = watchConsole(page);
  const forged = userHash(user, "an-attackers-guess-0123456789abcdef");
  await openChat(page, site.page(SHOP + signedIn(user, forged)), "unverified");
  const question = unique("Forged");
  await ask(page, question);
  const body = await chatBody(question);
  expect(body.userId).toMatch(/^v-[a-z0-9]{20}$/);

  await showList(page);
  await expect(drawer(page).locator(".conversation-open")).toHaveText([question]);
  await expect(fromAccount(page)).toHaveCount(0);
  const calls = (await standinLog()).filter((r) => r.receivedAt >= since && r.path.includes(user));
  expect(calls).toEqual([]);
  expect(logs.filter((line) => /did not verify/.test(line))).toHaveLength(1);
  expect(logs.join("\n")).not.toContain(forged);
  expect(urls.filter((url) => url.includes(user) || url.includes(forged))).toEqual([]);
});

test("identify(null) signs out and identify({…}) signs in again, without a reload", async ({ browser, page }) => {
  const user = unique("u");
  const elsewhere = unique("From the other device");
  await chatFromAnotherDevice(browser, user, elsewhere);
  const urls = watchUrls(page);
  await openChat(page, site.page(SHOP + script()), "none");
  await showList(page);
  await expect(fromAccount(page)).toHaveCount(0);
  await drawer(page).getByRole("button", { name: "Close", exact: true }).click();

  const hash = userHash(user);
  await page.evaluate(([userId, userHash]) => window.ChatbaseChat!.identify({ userId, userHash }), [user, hash]);
  await expect(app(page)).toHaveAttribute("data-identity", "verified");
  await showList(page);
  await expect(fromAccount(page)).toHaveText([elsewhere]);
  await fromAccount(page).getByRole("button", { name: elsewhere }).click();
  await expect(chat(page).locator(".message-list .message-bubble").first()).toHaveText(elsewhere);

  await page.evaluate(() => window.ChatbaseChat!.identify(null));
  await expect(app(page)).toHaveAttribute("data-identity", "none");
  // Signed out: the account's conversation is closed and no longer listed; a new chat is anonymous.
  await expect(chat(page).locator(".message-list .message-bubble")).toHaveCount(0);
  await showList(page);
  await expect(fromAccount(page)).toHaveCount(0);
  await drawer(page).getByRole("button", { name: "Close", exact: true }).click();
  const question = unique("After signing out");
  await ask(page, question);
  expect((await chatBody(question)).userId).toMatch(/^v-[a-z0-9]{20}$/);

  expect(urls.filter((url) => url.includes(user) || url.includes(hash))).toEqual([]);
});
