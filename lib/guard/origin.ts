import { originListed } from "../config/origin.ts";
import { ApiError } from "../http/api-error.ts";
import { en } from "../i18n/server.ts";

/**
 * The page calls /api/chat with a same-origin `fetch`, which browsers send with
 * `Origin` and `Sec-Fetch-Site: same-origin`. Another site's page gets its own
 * origin in `Origin` and `cross-site`/`same-site`, and a browser cannot forge
 * either, so this stops other sites from spending the owner's credits through
 * their visitors' browsers. A request without both headers (curl, a server) is
 * not a browser's: origin checks cannot stop those, the rate limit does.
 */
export function assertAllowedOrigin(headers: Headers, allowedOrigins: readonly string[]): void {
  const origin = headers.get("origin");
  const site = headers.get("sec-fetch-site")?.toLowerCase();
  if (origin !== null) {
    if (isOwnOrigin(origin, headers) || originListed(origin, allowedOrigins)) return;
    throw forbidden();
  }
  if (site === "cross-site" || site === "same-site") throw forbidden();
}

/** The app's own origin, as the browser addressed it: the host a proxy forwarded, else `Host`. */
function isOwnOrigin(origin: string, headers: Headers): boolean {
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0].trim().toLowerCase();
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === "https:" || url.protocol === "http:") && url.host === host;
  } catch {
    return false;
  }
}

function forbidden(): ApiError {
  return new ApiError(403, "forbidden_origin", en.apiErrors.forbidden_origin);
}
