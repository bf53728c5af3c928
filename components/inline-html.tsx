"use client";

// Owns nothing: draws the two elements whose text the server writes into the page's HTML and no RSC payload carries
// (lib/inline-html/server.ts says why). A client component, so their text comes from `#inline-html`, which package.json
// resolves to the texts themselves when React renders on the server and to the elements already in the page in the
// browser: a server component's props would be in the payload.
import { earlyIntentsSource, pageStylesheet } from "#inline-html";
import type { EarlyIntentsOptions } from "@/lib/chat/early-intents";
import { EARLY_INTENTS_ID, PAGE_STYLESHEET_ID } from "@/lib/inline-html/ids";

/** The page's stylesheet, with the CSP nonce (a style attribute would need `unsafe-inline`). */
export function PageStylesheet({ nonce }: { nonce: string | undefined }) {
  return <style id={PAGE_STYLESHEET_ID} nonce={nonce} dangerouslySetInnerHTML={{ __html: pageStylesheet() }} />;
}

/** What a visitor sends before the page's code has loaded is kept, not lost (lib/chat/early-intents.ts). */
export function EarlyIntentsScript({ nonce, options }: { nonce: string | undefined; options: EarlyIntentsOptions }) {
  return <script id={EARLY_INTENTS_ID} nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyIntentsSource(options) }} />;
}
