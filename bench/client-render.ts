import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";
import type { RenderFigures } from "./client/main.tsx";

const DIST = "bench/.client-dist";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/**
 * The same 40 KB Markdown reply fed in 2,000 chunks to our renderer and to a
 * naive one (the whole reply parsed on every chunk), in headless Chromium,
 * recording long tasks. Both run in one harness, so the network is not part of it.
 */
export async function measureClientRendering(chunks = 2_000, intervalMs = 5): Promise<Record<"ours" | "naive", RenderFigures>> {
  await build({ configFile: "bench/client/vite.config.mts" });
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "") || "index.html";
    try {
      const body = await readFile(join(DIST, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: findChromium()?.executablePath,
    args: CHROMIUM_ARGS,
  });
  const figures = {} as Record<"ours" | "naive", RenderFigures>;
  try {
    for (const renderer of ["naive", "ours"] as const) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/index.html?renderer=${renderer}&chunks=${chunks}&interval=${intervalMs}`);
      await page.waitForFunction(() => "benchResult" in window, undefined, { timeout: 120_000 });
      figures[renderer] = await page.evaluate(() => (window as unknown as { benchResult: RenderFigures }).benchResult);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return figures;
}
