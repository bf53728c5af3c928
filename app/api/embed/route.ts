import { otherMethods } from "@/lib/chat/api-route";
import { brandingWith } from "@/lib/config/branding";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { embedCheck } from "@/lib/embed/check";
import { localeFor } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET", "HEAD", "OPTIONS"]);

/**
 * embed.js asks this before it shows anything on a site. Public and read-only: every site may ask
 * (Access-Control-Allow-Origin: *), and each is told only whether it is in EMBED_ORIGINS.
 */
export function GET(request: Request): Response {
  const { embedOrigins } = serverConfig().guard;
  const { branding: owner, language } = serverBranding();
  // The host page's visitor: their browser sends its Accept-Language with embed.js's fetch.
  const { messages } = localeFor(language, request.headers.get("accept-language"));
  const branding = brandingWith(owner, { botName: messages.welcome.botName, welcomeMessage: messages.welcome.message });
  const check = embedCheck({ origin: request.headers.get("origin"), embedOrigins, branding, messages });
  return Response.json(check, {
    headers: {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
      Vary: "Origin, Accept-Language",
    },
  });
}
