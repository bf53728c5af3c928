import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";

/** What opening the page costs when the browser holds a long history, on a CPU slowed 4×. */
export interface StoredHistoryFigures {
  /** Navigation start to the page marking itself loaded (stored conversations filled in). */
  readyMs: number;
  /** Main-thread time beyond 50 ms in each long task, from navigation to 1 s after ready. */
  blockingMs: number;
}

export const HISTORY = { conversations: 150, messages: 40 };

/** Runs in the page from its first byte: long tasks, and when `.app` says it has loaded. */
function recordReady() {
  const marks = { ready: NaN, blocking: 0, until: Infinity };
  (window as unknown as { marks: typeof marks }).marks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.startTime < marks.until) marks.blocking += Math.max(0, entry.duration - 50);
  }).observe({ type: "longtask", buffered: true });
  const look = () => {
    if (document.querySelector('.app[data-loaded="true"]')) {
      marks.ready = performance.now();
      marks.until = marks.ready + 1_000;
    } else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** The history as the page writes it: one key per conversation, each with its messages (~1.3 M characters in all). */
function seed({ conversations, messages }: typeof HISTORY) {
  const sentence = "A stored message of about the length people write, with a few more words to make it so. ";
  for (let c = 0; c < conversations; c++) {
    const record = {
      version: 2,
      id: `stored-${c}`,
      messages: Array.from({ length: messages }, (_, m) => ({
        id: `stored-${c}-${m}`,
        role: m % 2 === 0 ? "user" : "assistant",
        parts: [{ type: "text", text: `${m % 2 === 0 ? `Question ${c}.${m}: ` : ""}${sentence.repeat(m % 2 === 0 ? 1 : 3)}` }],
      })),
      createdAt: c,
      updatedAt: c,
    };
    localStorage.setItem(`chatbase-chat-page:conversation:${record.id}`, JSON.stringify(record));
  }
}

async function measure(page: Page, url: string): Promise<StoredHistoryFigures> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const { marks } = window as unknown as { marks: { ready: number } };
    return Number.isFinite(marks.ready) && performance.now() > marks.ready + 1_000;
  });
  return page.evaluate(() => {
    const { marks } = window as unknown as { marks: { ready: number; blocking: number } };
    return { readyMs: marks.ready, blockingMs: marks.blocking };
  });
}

/**
 * Opens the page `runs` times with nothing stored and `runs` times with 150 conversations of 40 messages,
 * alternating, each in a fresh tab of a browser whose storage was filled once (the first open after filling
 * builds the index, as a visitor's first visit after the upgrade would; it is not counted).
 */
export async function measureStoredHistory(url: string, runs = 5): Promise<Record<"empty" | "stored", StoredHistoryFigures[]>> {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS });
  const figures: Record<"empty" | "stored", StoredHistoryFigures[]> = { empty: [], stored: [] };
  try {
    const empty = await browser.newContext();
    const stored = await browser.newContext();
    const filler = await stored.newPage();
    await filler.goto(url);
    await filler.evaluate(seed, HISTORY);
    await filler.reload();
    await filler.locator('.app[data-loaded="true"]').waitFor();
    await filler.close();
    for (let run = 0; run < runs; run++) {
      for (const [name, context] of [["empty", empty], ["stored", stored]] as const) {
        const page = await context.newPage();
        await page.addInitScript(recordReady);
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
        figures[name].push(await measure(page, url));
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return figures;
}
