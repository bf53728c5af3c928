import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export interface FoundBrowser {
  /** undefined: Playwright's own downloaded Chromium. */
  executablePath?: string;
  source: string;
}

/** CHROMIUM_PATH, then the system's Chromium (Debian's), then Playwright's own download. */
export function findChromium(): FoundBrowser | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { executablePath: fromEnv, source: "CHROMIUM_PATH" } : undefined;
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (existsSync(path)) return { executablePath: path, source: path };
  }
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return { source: "Playwright's Chromium" };
  return undefined;
}

/** Headless on a locked-down machine: no sandbox as root, no GPU, and nothing that dials out on its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const HOW_TO_GET_CHROMIUM =
  "No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.";
