import { expect, test, type Page } from "@playwright/test";
import { cuttingProxy, type CuttingProxy } from "./support/cutting-proxy";
import { standinClosed, standinRequests, unique } from "./support/http";
import { clickStop, errorAlert, lastReply, open, ready, send, sendButton, storeConversation, storedConversations } from "./support/page";
import { APPS } from "./support/servers";

/** A reply that takes a few seconds to arrive (`repeat` × 43 characters): the visitor's own words echoed, 4 bytes every 60 ms. */
function slowEcho(marker: string, repeat = 4) {
  const text = `${marker} ${"every word arrives exactly once, in order, ".repeat(repeat).trim()}`;
  return { text, message: `[[reply=echo chunkBytes=4 delay=60]] ${text}` };
}

const replies = (page: Page) => page.locator('[data-role="assistant"]');

/**
 * Sends `message` through the proxy, cuts the network for `ms` once the reply has begun (then sends new connections
 * to `thenTo`, another instance, if given), and checks the reply came back whole: once, no failure shown, one
 * Chatbase call read to its end.
 */
async function dropMidReply(page: Page, proxy: CuttingProxy, { text, message }: { text: string; message: string }, ms: number, thenTo?: number) {
  const marker = text.split(" ")[0];
  await page.goto(proxy.url);
  await ready(page);
  await send(page, message);
  await expect(lastReply(page)).toContainText("every word");
  await proxy.cut(ms, thenTo);
  await expect(lastReply(page)).toHaveText(text, { timeout: 20_000 });
  await expect(sendButton(page)).toBeVisible();
  await expect(replies(page)).toHaveCount(1);
  await expect(page.getByText("Interrupted: this reply is incomplete")).toHaveCount(0);
  await expect(errorAlert(page)).toHaveCount(0);
  expect(await standinRequests(marker)).toHaveLength(1);
  expect((await standinClosed(marker)).completed).toBe(true);
}

/** A reply that goes on until it is stopped (a word every 60 ms for five minutes, longer than a test may run): Stop lands mid-reply whenever it is clicked. */
function endlessReply(marker: string) {
  return `[[words=5000 delay=60]] ${marker}`;
}

test.describe("a reply outlives its connection", () => {
  test("the network drops for 3 s mid-reply: the reply goes on where it stopped, one Chatbase call, no word twice", async ({ page }) => {
    const proxy = await cuttingProxy(APPS.v1.port);
    try {
      await dropMidReply(page, proxy, slowEcho(unique("drop")), 3_000);
    } finally {
      await proxy.close();
    }
  });

  test("a reload mid-reply picks the reply up: every word once, one Chatbase call, and it is kept", async ({ page }) => {
    const { text, message } = slowEcho(unique("reload"));
    const marker = text.split(" ")[0];
    await open(page, "v1");
    await send(page, message);
    await expect(lastReply(page)).toContainText("every word");
    await page.reload();
    await ready(page);
    await expect(lastReply(page)).toHaveText(text, { timeout: 20_000 });
    await expect(sendButton(page)).toBeVisible();
    await expect(replies(page)).toHaveCount(1);
    expect(await standinRequests(marker)).toHaveLength(1);
    expect((await standinClosed(marker)).completed).toBe(true);
    await page.reload();
    await ready(page);
    await expect(lastReply(page)).toHaveText(text);
  });

  test("a reply picked up after a reload, once drawn as Markdown, stays Markdown to its end and after it", async ({ page }) => {
    const marker = unique("markdown");
    const text = `${marker} **every** word arrives once, ${"in order and as Markdown, ".repeat(3).trim()}`;
    await open(page, "v1");
    await send(page, `[[reply=echo chunkBytes=4 delay=60]] ${text}`);
    await expect(lastReply(page)).toContainText("word arrives");
    await page.addInitScript(() => {
      const states: string[] = [];
      (window as unknown as { replyStates: string[] }).replyStates = states;
      new MutationObserver(() => {
        const bubble = [...document.querySelectorAll('[data-role="assistant"] .message-bubble')].pop();
        const state = bubble?.querySelector(".markdown-pending") ? "text" : bubble?.querySelector(".markdown") ? "markdown" : "none";
        if (states.at(-1) !== state) states.push(state);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.reload();
    await ready(page);
    await expect(lastReply(page).locator("strong")).toHaveText("every", { timeout: 20_000 });
    await expect(sendButton(page)).toBeVisible({ timeout: 20_000 });
    await expect(lastReply(page)).toHaveText(text.replace("**every**", "every"));
    const states = await page.evaluate(() => (window as unknown as { replyStates: string[] }).replyStates);
    expect(states).toContain("markdown");
    expect(states.slice(states.indexOf("markdown"))).toEqual(["markdown"]);
  });

  test("a reply the server no longer holds is said, its words kept, and Retry asks again", async ({ page }) => {
    const marker = unique("gone");
    await open(page, "v1");
    await send(page, endlessReply(marker));
    await expect(lastReply(page)).toContainText("word by word");
    await clickStop(page);
    await expect(sendButton(page)).toBeVisible();
    // As a page left mid-reply stores it, but with an id the server never held (expired, or a restart without Redis).
    for (const record of Object.values(await storedConversations(page))) {
      const last = record.messages.at(-1)!;
      last.id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
      last.metadata = { ...last.metadata, incomplete: undefined, arriving: true };
      await storeConversation(page, record);
    }
    await page.reload();
    await ready(page);
    await expect(errorAlert(page)).toBeVisible();
    await expect(page.getByText("Interrupted: this reply is incomplete")).toBeVisible();
    await expect(lastReply(page)).toContainText("word by word");
    await errorAlert(page).getByRole("button", { name: "Retry" }).click();
    // Asked again: a second Chatbase call, answered in the same place, the failure gone.
    await expect.poll(async () => (await standinRequests(marker)).length).toBe(2);
    await expect(page.getByRole("button", { name: "Stop", exact: true })).toBeVisible();
    await expect(errorAlert(page)).toHaveCount(0);
    await expect(page.getByText("Interrupted: this reply is incomplete")).toHaveCount(0);
    await expect(replies(page)).toHaveCount(1);
    await clickStop(page);
    await expect(sendButton(page)).toBeVisible();
  });

  test("Stop still stops: the Chatbase request closes within a second, and a reload does not bring the reply back to life", async ({ page }) => {
    const marker = unique("stop");
    await open(page, "v1");
    await send(page, endlessReply(marker));
    await expect(lastReply(page)).toContainText("word by word");
    const stoppedAt = await clickStop(page);
    const closed = await standinClosed(marker);
    expect(closed.completed).toBe(false);
    expect(closed.closedAt! - stoppedAt).toBeLessThan(1_000);
    await expect(page.getByText("Stopped: this reply is incomplete")).toBeVisible();
    const kept = (await lastReply(page).textContent())!.trim();
    await page.reload();
    await ready(page);
    await expect(page.getByText("Stopped: this reply is incomplete")).toBeVisible();
    // The same words; trimmed, as the Markdown renderer (loaded before Stop, not yet after the reload) drops the
    // space after a reply's last word and the plain text shown until it loads keeps it.
    expect((await lastReply(page).textContent())!.trim()).toBe(kept);
    expect(await standinRequests(marker)).toHaveLength(1);
  });
});

test.describe("a reply outlives its connection, across instances sharing Redis", () => {
  test("the network comes back through another instance: it serves the rest, one Chatbase call, no word twice, and the reply is kept", async ({ page }) => {
    const proxy = await cuttingProxy(APPS.resumeA.port);
    try {
      // About six seconds of reply: the second instance serves some of it live, as the first reads it.
      const moved = slowEcho(unique("moved"), 10);
      await dropMidReply(page, proxy, moved, 1_000, APPS.resumeB.port);
      expect(proxy.connectionsTo(APPS.resumeB.port)).toBeGreaterThan(0);
      await page.reload();
      await ready(page);
      await expect(lastReply(page)).toHaveText(moved.text);
      await expect(replies(page)).toHaveCount(1);
    } finally {
      await proxy.close();
    }
  });

  test("Stop while another instance serves the reply closes the Chatbase request within a second", async ({ page }) => {
    const proxy = await cuttingProxy(APPS.resumeA.port);
    try {
      const marker = unique("moved-stop");
      await page.goto(proxy.url);
      await ready(page);
      await send(page, endlessReply(marker));
      await expect(lastReply(page)).toContainText("word by word");
      await proxy.cut(500, APPS.resumeB.port);
      // The page reads from the second instance now: words keep coming after the cut.
      const shown = (await lastReply(page).textContent())!.length;
      await expect.poll(async () => (await lastReply(page).textContent())!.length).toBeGreaterThan(shown + 8);
      expect(proxy.connectionsTo(APPS.resumeB.port)).toBeGreaterThan(0);
      // Still being read from Chatbase, by the first instance.
      expect((await standinRequests(marker))[0].closedAt).toBeUndefined();
      const stoppedAt = await clickStop(page);
      const closed = await standinClosed(marker);
      expect(closed.completed).toBe(false);
      expect(closed.closedAt! - stoppedAt).toBeLessThan(1_000);
      await expect(page.getByText("Stopped: this reply is incomplete")).toBeVisible();
      expect(await standinRequests(marker)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

test("v2: the network drops for 3 s mid-reply and the reply goes on where it stopped, one Chatbase call", async ({ page }) => {
  const proxy = await cuttingProxy(APPS.v2.port);
  try {
    // A word every 60 ms (4 bytes at a time would take a second a word: v2's frames are long).
    const { text } = slowEcho(unique("v2drop"), 6);
    await dropMidReply(page, proxy, { text, message: `[[reply=echo delay=60]] ${text}` }, 3_000);
  } finally {
    await proxy.close();
  }
});
