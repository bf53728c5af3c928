import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { minifyCss } from "@/lib/css/minify";

/**
 * The page's stylesheet, app/globals.css, written into every page in a `<style>` with the CSP nonce rather
 * than linked: a linked stylesheet is one more round trip before a phone can paint anything. Next.js's own
 * `experimental.inlineCss` cannot be used: React writes its inlined styles without the nonce, so the
 * policy would block them. Read once when the server starts (per request under `next dev`, so edits show);
 * next.config.js has the file traced into the functions Vercel deploys.
 */
const read = () => minifyCss(readFileSync(join(process.cwd(), "app", "globals.css"), "utf8"));

let cached: string | undefined;

export function pageStylesheet(): string {
  if (process.env.NODE_ENV === "development") return read();
  return (cached ??= read());
}
