import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";

/** A mid-range phone on a slow mobile network, as the issue measured it: 150 ms, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU. */
export const PHONE_THROTTLING = { latencyMs: 150, downloadBitsPerSecond: 1_600_000, uploadBitsPerSecond: 750_000, cpuSlowdown: 4 };

export interface FirstReplyFigures {
  /** Navigation start to the first frame with the Message box on screen. */
  messageBoxMs: number;
  /** Navigation start to the largest contentful paint. */
  lcpMs: number;
  /**
   * Enter pressed to the first word of the reply on screen: the first message typed the moment the box shows
   * (the visitor taps at once), the next message in that page, and a first message in a page left idle 3 s
   * first (the old method, kept beside the new one).
   */
  firstSendMs: number;
  secondSendMs: number;
  idleFirstSendMs: number;
}

export async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: PHONE_THROTTLING.latencyMs,
    downloadThroughput: PHONE_THROTTLING.downloadBitsPerSecond / 8,
    uploadThroughput: PHONE_THROTTLING.uploadBitsPerSecond / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE_THROTTLING.cpuSlowdown });
}

/** Runs in the page from its first byte: the frame the Message box first shows in, and the LCP. */
function recordPaints() {
  const marks = { messageBox: NaN, lcp: NaN };
  (window as unknown as { marks: typeof marks }).marks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  const look = (now: number) => {
    const box = document.querySelector("textarea");
    if (box && box.getBoundingClientRect().height > 0) marks.messageBox = now;
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** Enter pressed to the first frame in which the new reply has words. */
async function timeSend(page: Page, text: string): Promise<number> {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  const replies = await page.locator('[data-role="assistant"]').count();
  await page.evaluate((before) => {
    const timing = { start: NaN, firstWord: NaN };
    (window as unknown as { timing: typeof timing }).timing = timing;
    document.addEventListener("keydown", (event) => event.key === "Enter" && (timing.start = performance.now()), { capture: true, once: true });
    const look = (now: number) => {
      const bubbles = document.querySelectorAll('[data-role="assistant"] .message-bubble');
      if (bubbles.length > before && (bubbles[bubbles.length - 1].textContent ?? "").trim()) timing.firstWord = now;
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, replies);
  await box.press("Enter");
  try {
    await page.waitForFunction(() => Number.isFinite((window as unknown as { timing: { firstWord: number } }).timing.firstWord), undefined, { timeout: 60_000 });
    await page.locator('.message-list[aria-busy="false"]').waitFor({ timeout: 60_000 });
  } catch (error) {
    // Which send, and what the page showed: a wait that runs out is a message or a reply lost, to be found.
    const shown = await page.evaluate(() => ({
      box: document.querySelector("textarea")?.value,
      loaded: document.querySelector(".app")?.getAttribute("data-loaded"),
      busy: document.querySelector(".message-list")?.getAttribute("aria-busy"),
      messages: [...document.querySelectorAll(".message")].map((m) => `${m.getAttribute("data-role")}: ${m.textContent?.slice(0, 60)}`),
    }));
    throw new Error(`"${text}": no first word, or the reply never ended, within 60 s; the page showed ${JSON.stringify(shown)}`, { cause: error });
  }
  return page.evaluate(() => {
    const { start, firstWord } = (window as unknown as { timing: { start: number; firstWord: number } }).timing;
    return firstWord - start;
  });
}

async function throttledPage(browser: Browser, url: string, waitUntil: "commit" | "networkidle"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(recordPaints);
  await throttle(page);
  await page.goto(url, { waitUntil, timeout: 120_000 });
  return { context, page };
}

/**
 * A first visit to the chat page under phone throttling: when the Message box shows; Send to the first word of
 * the reply for a message typed the moment the box shows, then for a second message in the same page; and, in
 * a fresh visit left idle for 3 s first, for its first message. The bare page gives its LCP under the same throttling.
 */
export async function measureFirstReply(chatUrl: string, bareUrl: string, runs = 3): Promise<{ ours: FirstReplyFigures[]; bareLcpMs: number[] }> {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS });
  const ours: FirstReplyFigures[] = [];
  const bareLcpMs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const bare = await throttledPage(browser, bareUrl, "networkidle");
      await bare.page.waitForFunction(() => Number.isFinite((window as unknown as { marks: { lcp: number } }).marks.lcp));
      bareLcpMs.push(await bare.page.evaluate(() => (window as unknown as { marks: { lcp: number } }).marks.lcp));
      await bare.context.close();

      // The visitor who taps at once: types and sends as soon as the box is on screen, whatever has loaded.
      const atOnce = await throttledPage(browser, chatUrl, "commit");
      await atOnce.page.getByRole("textbox", { name: "Message" }).waitFor();
      const firstSendMs = await timeSend(atOnce.page, "[[reply=echo delay=0]] first words of the first reply");
      const secondSendMs = await timeSend(atOnce.page, "[[reply=echo delay=0]] first words of the second reply");
      await atOnce.page.waitForFunction(() => Number.isFinite((window as unknown as { marks: { lcp: number } }).marks.lcp));
      const marks = await atOnce.page.evaluate(() => (window as unknown as { marks: { messageBox: number; lcp: number } }).marks);
      await atOnce.context.close();

      // The visitor who reads first: the page has loaded and been idle for 3 s.
      const idle = await throttledPage(browser, chatUrl, "networkidle");
      await idle.page.locator('.app[data-loaded="true"]').waitFor();
      await idle.page.waitForTimeout(3_000);
      const idleFirstSendMs = await timeSend(idle.page, "[[reply=echo delay=0]] first words after a pause");
      await idle.context.close();

      ours.push({ messageBoxMs: marks.messageBox, lcpMs: marks.lcp, firstSendMs, secondSendMs, idleFirstSendMs });
    }
  } finally {
    await browser.close();
  }
  return { ours, bareLcpMs };
}
