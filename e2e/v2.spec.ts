import { expect, test, type Page } from "@playwright/test";
import { demoReply } from "../lib/chatbase/demo-reply";
import { en } from "../lib/i18n/catalogs/en";
import { fill } from "../lib/i18n/format";
import { VISITOR_ID_KEY } from "../lib/chat/visitor-id";
import { standinRequests, unique } from "./support/http";
import { composer, errorAlert, exchange, lastReply, open, openStoredConversation, send, sendButton } from "./support/page";
import { STANDIN_URL } from "./support/servers";

const good = (page: Page) => page.getByRole("button", { name: en.agent.goodResponse });
const bad = (page: Page) => page.getByRole("button", { name: en.agent.badResponse });

interface Received {
  method: string;
  path: string;
  body: unknown;
}

async function feedbackCalls(): Promise<Received[]> {
  const all = (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as Received[];
  return all.filter((r) => r.path.endsWith("/feedback"));
}

/** What the page stored with the last reply of the open conversation. */
async function storedReply(page: Page): Promise<{ messageId?: string; feedback?: string | null } | undefined> {
  const stored = await openStoredConversation(page);
  return stored?.messages.findLast((m) => m.role === "assistant")?.metadata as { messageId?: string; feedback?: string | null } | undefined;
}

const storedReplyId = async (page: Page) => (await storedReply(page))?.messageId;
const storedFeedback = async (page: Page) => (await storedReply(page))?.feedback ?? null;

test("thumbs: a toggle Chatbase records, cleared by a second click, kept across a reload", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `rate me ${unique("thumbs")}`);
  await expect(good(page)).toHaveAttribute("aria-pressed", "false");
  await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
  await expect.poll(() => storedReplyId(page)).toMatch(/^msg_a_/);
  const messageId = (await storedReplyId(page))!;

  await good(page).click();
  await expect(good(page)).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await feedbackCalls()).filter((r) => r.path.includes(messageId)).map((r) => r.body)).toEqual([{ feedback: "positive" }]);
  await expect(page.getByRole("status").filter({ hasText: en.agent.feedbackSaved })).toHaveCount(1);

  await bad(page).click();
  await expect(bad(page)).toHaveAttribute("aria-pressed", "true");
  await expect(good(page)).toHaveAttribute("aria-pressed", "false");
  await expect
    .poll(async () => (await feedbackCalls()).filter((r) => r.path.includes(messageId)).length)
    .toBe(2);
  await expect.poll(() => storedFeedback(page)).toBe("negative");

  await page.reload();
  await expect(bad(page)).toHaveAttribute("aria-pressed", "true");
  await bad(page).click();
  await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
  await expect
    .poll(async () => (await feedbackCalls()).filter((r) => r.path.includes(messageId)).map((r) => r.body))
    .toEqual([{ feedback: "positive" }, { feedback: "negative" }, { feedback: null }]);
  await expect.poll(() => storedFeedback(page)).toBe(null);
  await page.reload();
  await expect(good(page)).toHaveAttribute("aria-pressed", "false");
  await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
});

test("thumbs: when Chatbase refuses, the button goes back and a polite status says so", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `[[feedbackStatus=500]] ${unique("thumbs-fail")}`);
  await bad(page).click();
  const status = page.getByRole("status").filter({ hasText: en.agent.feedbackFailed });
  await expect(status).toBeVisible();
  await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
  await page.reload();
  await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
});

test("v1 has no feedback API: no thumbs, and Edit stays offered after a reply", async ({ page }) => {
  await open(page, "v1");
  await exchange(page, `no thumbs ${unique("v1")}`);
  await expect(page.getByRole("button", { name: "Regenerate" })).toBeVisible();
  await expect(good(page)).toHaveCount(0);
  await expect(bad(page)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit", exact: true })).toBeVisible();
});

test("v2 Regenerate asks Chatbase to retry the last reply, and streams the new one in its place", async ({ page }) => {
  const question = `what is this ${unique("regen")}`;
  await open(page, "v2");
  await exchange(page, question);
  await expect(lastReply(page)).toContainText("self-hosted chat window");
  await expect.poll(() => storedReplyId(page)).toMatch(/^msg_a_/);
  const firstId = (await storedReplyId(page))!;
  // Chatbase already has this turn: editing it here would leave its copy and the page's disagreeing.
  await expect(page.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);

  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(lastReply(page)).toContainText("(Regenerated answer.)");
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(sendButton(page)).toBeVisible();
  const all = (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as Received[];
  const retry = all.find((r) => r.path.endsWith("/retry") && JSON.stringify(r.body).includes(firstId));
  expect(retry?.body).toEqual({ messageId: firstId, stream: true });
  await expect.poll(() => storedReplyId(page)).not.toBe(firstId);
  expect(await lastReply(page).textContent()).toContain(demoReply(question, 1).split("\n")[0]);
});

test("an ended conversation: a note, the composer disabled, Start a new chat, and it stays ended after a reload", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `first ${unique("ended")}`);
  const refused = `[[status=400 code=CHAT_CONVERSATION_NOT_ONGOING]] are you there ${unique("refused")}`;
  await send(page, refused);
  const ended = page.locator(".conversation-ended");
  await expect(ended).toContainText(en.agent.conversationEnded);
  await expect(errorAlert(page)).toHaveCount(0);
  await expect(composer(page)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Regenerate" })).toHaveCount(0);
  // The refused message is not lost.
  await expect(page.locator('[data-role="user"]').last()).toContainText("are you there");

  await page.reload();
  await expect(ended).toBeVisible();
  await expect(composer(page)).toBeDisabled();

  await page.getByRole("button", { name: en.agent.startNewChat }).click();
  await expect(composer(page)).toBeEnabled();
  await expect(composer(page)).toHaveValue(refused);
  await expect(ended).toHaveCount(0);
  await expect(page.locator('[data-role="user"]')).toHaveCount(0);
});

test("a stored conversation Chatbase no longer knows is treated as ended", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `first ${unique("gone")}`);
  await send(page, "[[status=404 code=RESOURCE_CONVERSATION_NOT_FOUND]] hello?");
  await expect(page.locator(".conversation-ended")).toBeVisible();
  await expect(composer(page)).toBeDisabled();
});

test("maintenance is said in words and can be retried", async ({ page }) => {
  const marker = unique("maint");
  await open(page, "v2");
  await send(page, `[[status=503 retryAfter=60 once=${marker} reply=echo]] back soon`);
  await expect(errorAlert(page)).toContainText("under maintenance");
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(lastReply(page)).toHaveText("back soon");
});

test("actions: Used lines in the reply, and a clear note for one this page cannot run", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `[[action=server]] where is my order ${unique("act")}`);
  const lastMessage = page.locator('[data-role="assistant"]').last();
  await expect(lastMessage.locator(".message-actions-used li")).toHaveText([fill(en.agent.usedAction, { name: "Check order status" })]);
  await expect(lastReply(page)).toContainText("self-hosted chat window");

  await exchange(page, `[[action=client]] open a ticket ${unique("client")}`);
  await expect(page.locator('[data-role="assistant"]').last()).toContainText(en.agent.unsupportedAction);
  await expect(page.locator('[data-role="assistant"]').last().locator(".message-actions-used li")).toHaveText([fill(en.agent.neededAction, { name: "Open support ticket" })]);
  await expect(page.locator(".typing")).toHaveCount(0);
});

test("a reply with no text shows a short note, not an empty bubble", async ({ page }) => {
  await open(page, "v2");
  await exchange(page, `[[empty]] ${unique("empty")}`);
  const reply = page.locator('[data-role="assistant"]').last();
  await expect(reply).toContainText(en.agent.emptyReply);
  await expect(reply.locator(".message-bubble")).toHaveCount(0);
});

test("the visitor id: random, stable, sent as userId when a conversation starts, kept by New chat, in exports", async ({ page }) => {
  const first = unique("visitor-a");
  const second = unique("visitor-b");
  await open(page, "v2");
  await exchange(page, first);
  const visitorId = await page.evaluate((key) => localStorage.getItem(key), VISITOR_ID_KEY);
  expect(visitorId).toMatch(/^v-[a-z0-9]{20}$/);
  await exchange(page, `${first} again`);
  await page.getByRole("button", { name: "New chat" }).click();
  await exchange(page, second);
  const bodies = [...(await standinRequests(first)), ...(await standinRequests(second))].map((r) => r.body as Record<string, unknown>);
  expect(bodies.map((b) => b.userId)).toEqual([visitorId, undefined, visitorId]);

  await page.getByText("Export", { exact: true }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export as JSON" }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await (await import("node:fs/promises")).readFile(file, "utf8")) as { visitorId: string };
  expect(exported.visitorId).toBe(visitorId);
});
