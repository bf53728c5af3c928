// Server and browser: which links in a reply survive.

const SAFE_PROTOCOL = /^(https?:|mailto:|tel:)/i;

/**
 * Web, mail and phone links only: anything else (`javascript:`, `data:`, a relative path that would point into
 * this site) becomes an empty link, which the page draws as plain text.
 */
export function safeUrl(url: string): string {
  return SAFE_PROTOCOL.test(url) ? url : "";
}
