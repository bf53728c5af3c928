import { NextResponse, type NextRequest } from "next/server";
import { serverConfig } from "@/lib/config/server";
import { createNonce, securityHeaders } from "@/lib/guard";

/**
 * Security headers on every response, with a fresh CSP nonce per request.
 * Next.js reads the nonce from the request's Content-Security-Policy header and
 * puts it on its own scripts; server components can read it from `x-nonce`.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = securityHeaders({
    nonce,
    frameAncestors: serverConfig().guard.frameAncestors,
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: "/:path*",
};
