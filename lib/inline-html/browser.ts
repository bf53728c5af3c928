// Browser (`#inline-html` in the browser's bundle): the same texts as ./server.ts, taken from the elements the server
// wrote them into, so neither the stylesheet nor the script's source is in the page's JavaScript. React leaves an
// element's inner HTML as the server wrote it when it hydrates; should React ever draw the element again itself (a
// hydration that fell back to rendering on the client), it writes back the same text.
import { EARLY_INTENTS_ID, PAGE_STYLESHEET_ID } from "./ids.ts";
import type * as Server from "./server.ts";

const texts = new Map<string, string>();

/** Read once, the first time it is asked for: the element may be drawn again later, never with other text. */
function textOf(id: string): string {
  let text = texts.get(id);
  if (text === undefined) texts.set(id, (text = document.getElementById(id)?.textContent ?? ""));
  return text;
}

// Typed as the server's, so the two cannot drift apart.
export const pageStylesheet: typeof Server.pageStylesheet = () => textOf(PAGE_STYLESHEET_ID);
export const earlyIntentsSource: typeof Server.earlyIntentsSource = () => textOf(EARLY_INTENTS_ID);
