// @ts-check
import { withBotId } from "botid/next/config";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS } from "./lib/guard/security-headers.ts";

/** @param {Readonly<Record<string, string>>} headers */
const asList = (headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: {
    resolveAlias: {
      // Its browser build decodes `&amp;` and the like through `document`, which the worker that parses stored
      // replies (components/markdown-worker.ts) does not have; Turbopack does not apply the package's `worker`
      // condition, so the browser gets the build with the table of names.
      "decode-named-character-reference": { browser: "./node_modules/decode-named-character-reference/index.js" },
    },
  },
  async headers() {
    return [
      { source: "/:path*", headers: asList(COMMON_SECURITY_HEADERS) },
      { source: "/api/:path*", headers: asList(API_SECURITY_HEADERS) },
    ];
  },
};

/**
 * `next build` and `next dev` first build what the app serves as text (the page's stylesheet, embed.js) into
 * lib/generated/, so `next build` alone makes a working app; `next start` and Vercel's functions only use
 * what the build compiled in.
 * @param {string} phase
 */
export default async function config(phase) {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) {
    const { buildAssets, watchAssets } = await import("./scripts/build-assets.ts");
    await buildAssets();
    if (phase === PHASE_DEVELOPMENT_SERVER) watchAssets();
  }
  // Vercel BotID's rewrites: its challenge script and API, proxied through the app's own origin (so the CSP's
  // 'self' covers them). Inert unless a page with BOT_PROTECTION on loads them.
  return withBotId(nextConfig);
}
