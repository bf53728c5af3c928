import Link from "next/link";
import { connection } from "next/server";

/**
 * Rendered per request like every other page, so that its scripts carry the
 * request's CSP nonce (Next's built-in 404 page is static and would be blocked).
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="not-found">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to the chat</Link>
      </p>
    </main>
  );
}
