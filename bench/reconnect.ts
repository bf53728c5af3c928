// Reconnection to the next word (a section of bench/held-replies.ts): the built app in headless Chromium behind
// the e2e suite's cutting proxy, a reply cut mid-way for 3 s, and the time from the network coming back to the
// next word drawn; against, in the same page and run, Enter to the first word of a message on an intact connection.
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";
import { cuttingProxy, type CuttingProxy } from "../e2e/support/cutting-proxy.ts";

/** A 3 s cut, and up to half a second more at random: the network comes back at any point of the page's retrying. */
const cutMs = () => 3_000 + Math.random() * 500;
/** Four bytes every 60 ms: about nine seconds of reply, so a cut a second in leaves most of it to come. */
const SLOW = `[[reply=echo chunkBytes=4 delay=60]] ${"every word arrives exactly once, in order, ".repeat(14).trim()}`;
const FAST = "[[reply=echo delay=0]] first words on an intact connection";

export interface ReconnectFigures {
  /** Enter to the first word of a message, the connection intact: the baseline. */
  sendMs: number[];
  /** The proxy reopened (the browser was never told the network went away) to the next word drawn. */
  reopenedMs: number[];
  /** The browser's `online` event (it had gone offline as the proxy cut) to the next word drawn. */
  onlineMs: number[];
}

/** `word`: when the reply at `index` first had more than `armedLength` characters. */
type Timing = { start: number; word: number; index: number; armedLength: number };
const timing = (page: Page) => page.evaluate(() => (window as unknown as { timing: Timing }).timing);

/** Each frame, the watched reply's length; `word` is the wall-clock time of the first frame in which it grew. */
function watchLastReply() {
  const state: Timing = { start: NaN, word: NaN, index: -1, armedLength: 0 };
  (window as unknown as { timing: Timing }).timing = state;
  const look = (now: number) => {
    const bubble = document.querySelectorAll('[data-role="assistant"] .message-bubble')[state.index];
    if (bubble && (bubble.textContent ?? "").length > state.armedLength && Number.isNaN(state.word)) state.word = performance.timeOrigin + now;
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

async function ready(page: Page) {
  await page.locator('.app[data-loaded="true"]').waitFor();
}

/** Enter pressed to the first frame in which the new reply has words, on an intact connection. */
async function timeSend(page: Page): Promise<number> {
  const before = await page.locator('[data-role="assistant"]').count();
  await page.getByRole("textbox", { name: "Message" }).fill(FAST);
  await page.evaluate((index) => {
    const state = (window as unknown as { timing: Timing }).timing;
    Object.assign(state, { start: NaN, word: NaN, index, armedLength: 0 });
    document.addEventListener("keydown", (event) => event.key === "Enter" && (state.start = performance.timeOrigin + performance.now()), { capture: true, once: true });
  }, before);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await page.waitForFunction(() => Number.isFinite((window as unknown as { timing: Timing }).timing.word));
  await page.locator('.message-list[aria-busy="false"]').waitFor({ timeout: 30_000 });
  const { start, word } = await timing(page);
  return word - start;
}

/**
 * Sends the slow reply, cuts the network a few words in, and times the network's return to the next word.
 * `tellBrowser`: the browser goes offline as the proxy cuts and online as it reopens, as a phone's does.
 */
async function timeReconnect(page: Page, context: BrowserContext, proxy: CuttingProxy, tellBrowser: boolean): Promise<number> {
  const before = await page.locator('[data-role="assistant"]').count();
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(SLOW);
  await box.press("Enter");
  await page.locator('[data-role="assistant"]').nth(before).locator(".message-bubble").filter({ hasText: "every word arrives" }).waitFor();
  if (tellBrowser) await context.setOffline(true);
  const back = proxy.cut(cutMs());
  // Whatever was on its way before the cut has been drawn by now; growth from here on came after the cut.
  await page.waitForTimeout(200);
  await page.evaluate(() => {
    const state = (window as unknown as { timing: Timing }).timing;
    const bubbles = document.querySelectorAll('[data-role="assistant"] .message-bubble');
    const index = bubbles.length - 1;
    Object.assign(state, { word: NaN, index, armedLength: (bubbles[index]?.textContent ?? "").length });
  });
  await back;
  const reopenedAt = Date.now();
  if (tellBrowser) await context.setOffline(false);
  await page.waitForFunction(() => Number.isFinite((window as unknown as { timing: Timing }).timing.word), undefined, { timeout: 30_000 });
  const { word } = await timing(page);
  await page.locator('.message-list[aria-busy="false"]').waitFor({ timeout: 30_000 });
  return word - reopenedAt;
}

export async function measureReconnect(appPort: number, runs = 9): Promise<ReconnectFigures> {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS });
  const proxy = await cuttingProxy(appPort);
  const figures: ReconnectFigures = { sendMs: [], reopenedMs: [], onlineMs: [] };
  try {
    for (let run = 0; run < runs; run++) {
      // A fresh visitor each run: one conversation, a few messages in it.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(watchLastReply);
      await page.goto(proxy.url);
      await ready(page);
      figures.sendMs.push(await timeSend(page));
      figures.reopenedMs.push(await timeReconnect(page, context, proxy, false));
      figures.onlineMs.push(await timeReconnect(page, context, proxy, true));
      await context.close();
    }
  } finally {
    await proxy.close();
    await browser.close();
  }
  return figures;
}
