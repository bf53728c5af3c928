import { expect, test, type Page } from "@playwright/test";
import { demoReply } from "../lib/chatbase/demo-reply";
import { fillerText } from "../lib/chatbase/standin/reply";
import { standinClosed, standinRequests, unique } from "./support/http";
import { composer, errorAlert, lastReply, open, reload, send } from "./support/page";

/** Samples the length of the last reply while it streams. */
async function sampleLengths(page: Page, samples: number, everyMs: number): Promise<number[]> {
  const lengths: number[] = [];
  for (let i = 0; i < samples; i++) {
    lengths.push(((await lastReply(page).textContent().catch(() => "")) ?? "").length);
    await page.waitForTimeout(everyMs);
  }
  return lengths;
}

test("demo mode says so and the demo bot's reply grows word by word", async ({ page }) => {
  await open(page, "demo");
  await expect(page.getByRole("note")).toContainText("Demo mode");
  await send(page, "how do I connect my chatbot?");
  await expect(lastReply(page)).not.toBeEmpty();
  const lengths = await sampleLengths(page, 6, 150);
  const distinct = new Set(lengths.filter((length) => length > 0));
  expect(distinct.size).toBeGreaterThanOrEqual(3);
  expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible({ timeout: 15_000 });
  // The demo reply is Markdown: a numbered list with inline code, rendered as such.
  expect(demoReply("how do I connect my chatbot?", 1)).toContain("1. `CHATBASE_API_KEY`");
  await expect(lastReply(page).locator("ol > li")).toHaveCount(2);
  await expect(lastReply(page).locator("code").first()).toHaveText("CHATBASE_API_KEY");
});

test("a Chatbase reply renders progressively before it completes", async ({ page }) => {
  await open(page, "v1");
  await expect(page.getByRole("note")).toHaveCount(0);
  await send(page, `[[delay=40 words=120]] ${unique("progressive")}`);
  await expect(lastReply(page)).not.toBeEmpty();
  const lengths = await sampleLengths(page, 5, 200);
  expect(new Set(lengths).size).toBeGreaterThanOrEqual(4);
  expect(lengths.at(-1)!).toBeLessThan(fillerText(120).length);
  await expect(lastReply(page)).toHaveText(fillerText(120));
});

test("Enter sends, Shift+Enter starts a new line", async ({ page }) => {
  await open(page, "v1");
  await composer(page).fill("[[reply=echo delay=0]] first line");
  await composer(page).press("Shift+Enter");
  await composer(page).pressSequentially("second line");
  await expect(composer(page)).toHaveValue("[[reply=echo delay=0]] first line\nsecond line");
  await composer(page).press("Enter");
  await expect(lastReply(page)).toHaveText("first line\nsecond line", { useInnerText: true });
  await expect(composer(page)).toHaveValue("");
});

test("Stop ends the reply, keeps what arrived, marks it, and drops the upstream request", async ({ page }) => {
  const marker = unique("stop");
  await open(page, "v1");
  await send(page, `[[delay=80 words=300]] ${marker}`);
  await expect(lastReply(page)).toContainText("replies arrive");
  // Drawn by the Markdown renderer (not the plain words shown while it loads), so the text read next is final.
  await expect(lastReply(page).locator("p").first()).toBeVisible();
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  const kept = await lastReply(page).textContent();
  expect(kept!.length).toBeGreaterThan(0);
  await expect(page.getByText("Stopped: this reply is incomplete")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await page.waitForTimeout(400);
  expect(await lastReply(page).textContent()).toBe(kept);
  expect((await standinClosed(marker)).completed).toBe(false);
});

test("an error is shown in words and Retry sends the turn again", async ({ page }) => {
  const marker = unique("retry");
  await open(page, "v1");
  await send(page, `[[status=500 once=${marker} reply=echo]] answer me`);
  await expect(errorAlert(page)).toContainText("The assistant ran into a problem");
  await expect(page.locator('[data-role="user"]').last()).toContainText("answer me");
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(lastReply(page)).toHaveText("answer me");
  await expect(errorAlert(page)).toHaveCount(0);
});

test("a reply cut off mid-way keeps its text, is marked incomplete, and Retry completes it", async ({ page }) => {
  const marker = unique("cut");
  await open(page, "v1");
  await send(page, `[[resetAfter=8 once=${marker} words=40]] ${marker}`);
  await expect(errorAlert(page)).toContainText("interrupted");
  await expect(page.getByText("Interrupted: this reply is incomplete")).toBeVisible();
  // The words that arrived stay; the first reply of a visit may wait a moment for the Markdown renderer.
  await expect(lastReply(page)).toHaveText(/\w/);
  const partial = await lastReply(page).textContent();
  expect(partial!.length).toBeGreaterThan(0);
  expect(fillerText(40).startsWith(partial!)).toBe(true);
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(lastReply(page)).toHaveText(fillerText(40));
  await expect(page.getByText("Interrupted: this reply is incomplete")).toHaveCount(0);
});

test("a stalled reply times out with a message and keeps what arrived", async ({ page }) => {
  await open(page, "v1");
  await send(page, `[[stallAfter=5 words=40]] ${unique("stall")}`);
  await expect(errorAlert(page)).toContainText("took too long");
  await expect(lastReply(page)).toHaveText(fillerText(40).split(" ").slice(0, 5).join(" ") + " ");
});

test("the typed message survives a reload, and a failed send keeps it in the conversation", async ({ page }) => {
  await open(page, "unconfigured");
  await composer(page).fill("a draft I have not sent");
  await reload(page);
  await expect(composer(page)).toHaveValue("a draft I have not sent");
  await composer(page).press("Enter");
  await expect(errorAlert(page)).toContainText("not set up yet");
  await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText("a draft I have not sent");
  await reload(page);
  await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText("a draft I have not sent");
});

test("v1: reload keeps the conversation and every turn carries the same conversation id", async ({ page }) => {
  const marker = unique("reload");
  await open(page, "v1");
  await send(page, `[[reply=echo delay=0]] one ${marker}`);
  await expect(lastReply(page)).toHaveText(`one ${marker}`);
  await reload(page);
  await expect(lastReply(page)).toHaveText(`one ${marker}`);
  await expect(page.locator('[data-role="user"]')).toHaveCount(1);
  await send(page, `[[reply=echo delay=0]] two ${marker}`);
  await expect(lastReply(page)).toHaveText(`two ${marker}`);

  const received = await standinRequests(marker);
  expect(received).toHaveLength(2);
  const ids = received.map((r) => (r.body as { conversationId: string }).conversationId);
  expect(ids[0]).toMatch(/^web-/);
  expect(ids[1]).toBe(ids[0]);
  expect((received[1].body as { messages: unknown[] }).messages).toHaveLength(3);
});

test("v2: the next turn sends the conversation id Chatbase returned", async ({ page }) => {
  const marker = unique("v2page");
  await open(page, "v2");
  await send(page, `hello ${marker}`);
  await expect(lastReply(page)).toContainText("demo bot", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible({ timeout: 15_000 });
  await reload(page);
  await send(page, `again ${marker}`);
  await expect(lastReply(page)).toContainText("message 2 of our conversation", { timeout: 15_000 });

  const received = await standinRequests(marker);
  expect(received).toHaveLength(2);
  expect(received[0].body).not.toHaveProperty("conversationId");
  expect((received[1].body as { conversationId: string }).conversationId).toMatch(/^conv_/);
});

test("New chat starts a fresh conversation with a new id", async ({ page }) => {
  const marker = unique("new");
  await open(page, "v1");
  await send(page, `[[reply=echo delay=0]] before ${marker}`);
  await expect(lastReply(page)).toHaveText(`before ${marker}`);
  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.locator(".message")).toHaveCount(0);
  await expect(page.getByText("How can I help you today?")).toBeVisible();
  await reload(page);
  await expect(page.locator(".message")).toHaveCount(0);
  await send(page, `[[reply=echo delay=0]] after ${marker}`);
  await expect(lastReply(page)).toHaveText(`after ${marker}`);

  const [before, after] = await standinRequests(marker);
  const idOf = (r: typeof before) => (r.body as { conversationId: string }).conversationId;
  expect(idOf(after)).not.toBe(idOf(before));
  expect((after.body as { messages: unknown[] }).messages).toHaveLength(1);
});
