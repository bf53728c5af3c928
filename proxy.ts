import { NextResponse, type NextRequest } from "next/server";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { createNonce, pageSecurityHeaders } from "@/lib/guard/security-headers";

/**
 * Pages get a Content-Security-Policy with a fresh nonce per request. Next.js
 * reads the nonce from the request's Content-Security-Policy header and puts it
 * on its own scripts; server components can read it from `x-nonce`. The fixed
 * headers (and the API's policy) come from next.config.js.
 */
const avatar = serverBranding().branding.avatarUrl;
/** The owner's avatar may live on another https host. */
const imageOrigins = avatar?.startsWith("https://") ? [new URL(avatar).origin] : [];

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = pageSecurityHeaders({
    nonce,
    frameAncestors: serverConfig().guard.frameAncestors,
    development: process.env.NODE_ENV === "development",
    imageOrigins,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: API answers and static files need no nonce, and skipping them keeps each request cheap.
  matcher: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
};
