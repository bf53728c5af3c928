import { chromium } from "@playwright/test";
import { gzipSync } from "node:zlib";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";

/**
 * Compressed JavaScript a first visit to `url` needs to show and run the page:
 * every script requested before the load event (not what the page fetches later,
 * once idle, for the first reply), gzipped here (level 9) so the figure does not
 * depend on whether the server compressed it.
 */
export async function firstLoadJs(url: string): Promise<{ files: number; rawBytes: number; gzipBytes: number }> {
  const browser = await chromium.launch({
    executablePath: findChromium()?.executablePath,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  const scripts: Promise<Buffer>[] = [];
  let loaded = false;
  page.on("load", () => (loaded = true));
  page.on("request", (request) => {
    if (request.resourceType() !== "script" || loaded) return;
    scripts.push(request.response().then((response) => response!.body()));
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const bodies = await Promise.all(scripts);
  await browser.close();
  return {
    files: bodies.length,
    rawBytes: bodies.reduce((sum, body) => sum + body.length, 0),
    gzipBytes: bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0),
  };
}

if (import.meta.main) {
  const url = process.argv[2] ?? "http://127.0.0.1:3000/";
  console.log(JSON.stringify(await firstLoadJs(url)));
}
