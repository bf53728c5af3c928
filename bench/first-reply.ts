import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";

/** A mid-range phone on a slow mobile network, as the issue measured it: 150 ms, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU. */
export const PHONE_THROTTLING = { latencyMs: 150, downloadBitsPerSecond: 1_600_000, uploadBitsPerSecond: 750_000, cpuSlowdown: 4 };

export interface FirstReplyFigures {
  /** Navigation start to the first frame with the Message box on screen. */
  messageBoxMs: number;
  /** Navigation start to the largest contentful paint. */
  lcpMs: number;
  /** Enter pressed to the first word of the reply on screen, on a first visit and on the next message. */
  firstSendMs: number;
  secondSendMs: number;
}

async function throttle(page: Page) {
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
  await page.waitForFunction(() => Number.isFinite((window as unknown as { timing: { firstWord: number } }).timing.firstWord), undefined, { timeout: 60_000 });
  await page.locator('.message-list[aria-busy="false"]').waitFor({ timeout: 60_000 });
  return page.evaluate(() => {
    const { start, firstWord } = (window as unknown as { timing: { start: number; firstWord: number } }).timing;
    return firstWord - start;
  });
}

/**
 * A first visit to the chat page under phone throttling: when the Message box shows, then (once the page
 * is idle, as when a visitor reads and types) Send to the first word of the reply, then the same for a
 * second message in the same page. The bare page gives its LCP under the same throttling.
 */
export async function measureFirstReply(chatUrl: string, bareUrl: string, runs = 3): Promise<{ ours: FirstReplyFigures[]; bareLcpMs: number[] }> {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS });
  const ours: FirstReplyFigures[] = [];
  const bareLcpMs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      for (const target of ["ours", "bare"] as const) {
        const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
        const page = await context.newPage();
        await page.addInitScript(recordPaints);
        await throttle(page);
        await page.goto(target === "ours" ? chatUrl : bareUrl, { waitUntil: "networkidle", timeout: 120_000 });
        await page.waitForFunction(() => Number.isFinite((window as unknown as { marks: { lcp: number } }).marks.lcp));
        const marks = await page.evaluate(() => (window as unknown as { marks: { messageBox: number; lcp: number } }).marks);
        if (target === "bare") bareLcpMs.push(marks.lcp);
        else {
          await page.locator('.app[data-loaded="true"]').waitFor();
          // A visitor reads before typing: the page fetches what the first reply needs once it is idle (and runs
          // it when the box takes the focus, which `fill` gives it).
          await page.locator('.conversation[data-prefetched="true"]').waitFor({ timeout: 60_000 });
          const firstSendMs = await timeSend(page, "[[reply=echo delay=0]] first words of the first reply");
          const secondSendMs = await timeSend(page, "[[reply=echo delay=0]] first words of the second reply");
          ours.push({ messageBoxMs: marks.messageBox, lcpMs: marks.lcp, firstSendMs, secondSendMs });
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { ours, bareLcpMs };
}
