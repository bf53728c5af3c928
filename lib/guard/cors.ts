import { originListed } from "../config/origin.ts";

/**
 * CORS for the origins the owner allows (ALLOWED_ORIGINS), so that a page on
 * one of those sites can call /api/chat with `fetch` and read the reply. No
 * other origin gets any CORS header, so browsers keep every other site out
 * even before the origin check refuses it.
 */
export function corsHeaders(origin: string | null, allowedOrigins: readonly string[]): Record<string, string> {
  if (!origin || !originListed(origin, allowedOrigins)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "X-Conversation-Id, X-Reply-Id, Retry-After, X-Chatbase-Identity",
    Vary: "Origin",
  };
}

/** The answer to a browser's preflight: what an allowed origin may send (`methods`: the route's own). */
export function preflightHeaders(origin: string | null, allowedOrigins: readonly string[], methods = "POST"): Record<string, string> {
  const cors = corsHeaders(origin, allowedOrigins);
  if (!cors["Access-Control-Allow-Origin"]) return { Vary: "Origin" };
  return {
    ...cors,
    "Access-Control-Allow-Methods": methods,
    "Access-Control-Allow-Headers": "Content-Type, Accept, X-Visitor-Id, X-Chatbase-User-Id, X-Chatbase-User-Hash",
    "Access-Control-Max-Age": "600",
  };
}
