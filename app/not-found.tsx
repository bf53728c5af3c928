import { connection } from "next/server";
import { requestLocale } from "./locale";

/**
 * Rendered per request like every other page, so that its scripts carry the
 * request's CSP nonce (Next's built-in 404 page is static and would be blocked).
 */
export default async function NotFound() {
  await connection();
  const { notFound } = (await requestLocale()).messages;
  return (
    <main className="not-found">
      <h1>{notFound.title}</h1>
      <p>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next/link's client code would join every page's first load (the 404 is in the layout's flight data) for this one link */}
        <a href="/">{notFound.back}</a>
      </p>
    </main>
  );
}
