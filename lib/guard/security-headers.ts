export interface PageHeaderOptions {
  /** A fresh random value per response; Next.js puts it on its own scripts and styles. */
  nonce: string;
  /** CSP frame-ancestors sources; empty: no site may frame the page. */
  frameAncestors: readonly string[];
  /** `next dev` needs eval for React's error overlay; a production build never does. */
  development: boolean;
  /** Origins images may also come from (the owner's avatar, when it is hosted elsewhere). */
  imageOrigins?: readonly string[];
}

/** On every response, pages, API and static files alike (set in next.config.js). */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** API answers are JSON or text, never a document: nothing may load from them or frame them. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
};

/**
 * A page's policy (set per request in proxy.ts) allows only what the page
 * uses: its own origin, scripts carrying this response's nonce (and what those
 * load, for Next.js chunks and Vercel Analytics' same-origin script), styles
 * from its own origin or with the nonce, fonts and images from its own origin.
 */
export function pageSecurityHeaders({ nonce, frameAncestors, development, imageOrigins = [] }: PageHeaderOptions): Record<string, string> {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // next dev injects its styles inline without the nonce; a production build loads them as files.
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    ["img-src 'self' data: blob:", ...imageOrigins].join(" "),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(" ") : "'none'"}`,
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    // For browsers that predate frame-ancestors.
    ...(frameAncestors.length === 0 ? { "X-Frame-Options": "DENY" } : {}),
  };
}

/** 128 random bits, base64: what CSP nonces need. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
