import { chromium, type BrowserContext, type Page } from "@playwright/test";
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

export type StoredHistoryRuns = Record<"empty" | "stored", StoredHistoryFigures[]>;

/**
 * Opens each page `runs` times with nothing stored and `runs` times with 150 conversations of 40 messages,
 * alternating (one open of each page in turn, so that a change in the machine's load falls on all alike), each in
 * a fresh tab of a browser context whose storage was filled once (the first open after filling builds the index,
 * as a visitor's first visit after the upgrade would; it is not counted). `pages` names the builds to compare.
 */
export async function measureStoredHistory<Name extends string>(pages: Record<Name, string>, runs = 5): Promise<Record<Name, StoredHistoryRuns>> {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: CHROMIUM_ARGS });
  const names = Object.keys(pages) as Name[];
  const figures = Object.fromEntries(names.map((name) => [name, { empty: [], stored: [] }])) as unknown as Record<Name, StoredHistoryRuns>;
  try {
    const contexts = new Map<string, BrowserContext>();
    for (const name of names) {
      for (const kind of ["empty", "stored"] as const) {
        const context = await browser.newContext();
        contexts.set(`${name} ${kind}`, context);
        if (kind === "empty") continue;
        const filler = await context.newPage();
        await filler.goto(pages[name]);
        await filler.evaluate(seed, HISTORY);
        await filler.reload();
        await filler.locator('.app[data-loaded="true"]').waitFor();
        await filler.close();
      }
    }
    for (let run = 0; run < runs; run++) {
      // Each build goes first in turn.
      const order = run % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        for (const kind of ["empty", "stored"] as const) {
          const context = contexts.get(`${name} ${kind}`)!;
          const page = await context.newPage();
          await page.addInitScript(recordReady);
          const cdp = await context.newCDPSession(page);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
          figures[name][kind].push(await measure(page, pages[name]));
          await page.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  return figures;
}
