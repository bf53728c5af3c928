// @ts-check
import { withBotId } from "botid/next/config";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS } from "./lib/guard/security-headers.ts";

/** @param {Readonly<Record<string, string>>} headers */
const asList = (headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Every page inlines app/globals.css, read from disk at run time (app/stylesheet.ts): deployed with each page.
  outputFileTracingIncludes: { "/**": ["./app/globals.css"] },
  async headers() {
    return [
      { source: "/:path*", headers: asList(COMMON_SECURITY_HEADERS) },
      { source: "/api/:path*", headers: asList(API_SECURITY_HEADERS) },
    ];
  },
};

// Vercel BotID's rewrites: its challenge script and API, proxied through the app's own origin (so the CSP's
// 'self' covers them). Inert unless a page with BOT_PROTECTION on loads them.
export default withBotId(nextConfig);
