/**
 * An origin as browsers write it in `Origin`: scheme and host in lower case, the scheme's default port
 * removed, no trailing slash. Undefined for anything that is not an http(s) origin (a path, a query, a
 * fragment, credentials, another scheme). Both the owner's lists and the browser's header go through it,
 * so `https://Shop.EXAMPLE:443/` in a setting matches `https://shop.example` from a browser.
 */
export function canonicalOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return undefined;
  if (/[?#]/.test(value)) return undefined;
  return url.origin;
}

/** Whether the browser's `Origin` is one of `origins` (each already canonical). */
export function originListed(origin: string | null | undefined, origins: readonly string[]): boolean {
  if (!origin) return false;
  const canonical = canonicalOrigin(origin);
  return canonical !== undefined && origins.includes(canonical);
}
