// Server (`#inline-html` everywhere but the browser): the texts the page's HTML carries inline, the page's stylesheet
// and its one script. Written into the HTML while React renders it on the server, and kept out of the RSC payload:
// were they a server component's props, the payload would carry each a second time (19.5 KB before compression,
// more than a third of the page), and the HTML would pass the 14.6 KB a new connection brings in one round trip.
import { type EarlyIntentsOptions, earlyIntentsScript } from "../chat/early-intents.ts";
import { PAGE_STYLESHEET } from "../generated/stylesheet.ts";

/**
 * app/globals.css, minified by Lightning CSS for package.json's browserslist when the app is built
 * (scripts/build-assets.ts), so a broken rule fails the build and nothing is read from disk at run time. In the page
 * rather than linked: a linked stylesheet is one more round trip before a phone can paint anything. Next.js's own
 * `experimental.inlineCss` cannot be used: React writes its inlined styles without the CSP nonce, so the policy
 * would block them.
 */
export function pageStylesheet(): string {
  return PAGE_STYLESHEET;
}

/** The script that keeps what a visitor sends before the page's code has loaded (lib/chat/early-intents.ts). */
export function earlyIntentsSource(options: EarlyIntentsOptions): string {
  return earlyIntentsScript(options);
}
