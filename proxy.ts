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

/** /embed is the chat embed.js frames on the owner's sites (EMBED_ORIGINS); every other page keeps FRAME_ANCESTORS. */
function frameAncestorsFor(pathname: string): string[] {
  const { frameAncestors, embedOrigins } = serverConfig().guard;
  return pathname === "/embed" ? ["'self'", ...embedOrigins] : frameAncestors;
}

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = pageSecurityHeaders({
    nonce,
    frameAncestors: frameAncestorsFor(request.nextUrl.pathname),
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
  // Pages only: API answers, static files and embed.js need no nonce, and skipping them keeps each request cheap.
  matcher: "/((?!api/|_next/static/|_next/image|favicon.ico|embed\\.js).*)",
};
