import { EMBED_SCRIPT } from "@/lib/embed/script";

/** The same text for every site and visitor: what differs (allowed? which words?) comes from /api/embed. */
export const dynamic = "force-static";

export function GET(): Response {
  return new Response(EMBED_SCRIPT, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // An hour, then a cheap revalidation: a new deployment reaches the owner's pages the same day.
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
      // Loaded by other sites' pages, including those that require it (Cross-Origin-Embedder-Policy).
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}
