// Server and browser: the page's one inline script (the server writes it, the browser runs it while the page's code
// is still on its way), and the hydrated page's side of it.
import { DRAFT_KEY } from "./storage-keys.ts";

/** The window property the script keeps what the visitor sent in, until the page takes it. */
const GLOBAL = "__chatbaseEarlyIntents";

interface EarlyIntents {
  texts: string[];
  taken?: boolean;
}

/**
 * Runs in the page before its JavaScript has loaded. The server's HTML already shows the composer and the starter
 * prompts, but until React has hydrated nothing answers them: a tap on Send, Enter or a starter prompt would be
 * lost. This keeps each message so sent (and empties the box, as sending does) until the page takes them; from
 * then on it lets every event through. Written into the page as its source, so it must stand alone: no imports,
 * nothing from outside but its arguments.
 */
function catchEarlyIntents(global: string, draftKey: string) {
  const early: EarlyIntents = { texts: [] };
  (window as unknown as Record<string, EarlyIntents>)[global] = early;
  const keep = (event: Event, text: string | null | undefined, box?: HTMLTextAreaElement | null) => {
    if (early.taken || !text || !text.trim()) return;
    event.preventDefault();
    event.stopPropagation();
    early.texts.push(text);
    if (!box) return;
    box.value = "";
    const send = box.form && box.form.querySelector("button[type=submit]");
    if (send) (send as HTMLButtonElement).disabled = true;
    try {
      localStorage.removeItem(draftKey);
    } catch {
      // Storage blocked: nothing was kept there either.
    }
  };
  const composerBox = (target: EventTarget | null) => {
    const box = target instanceof HTMLTextAreaElement ? target : null;
    return box && box.closest(".composer") ? box : null;
  };
  document.addEventListener(
    "click",
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const prompt = target && target.closest(".starter-prompt");
      if (prompt) return keep(event, prompt.textContent);
      const send = target && target.closest(".composer button[type=submit]");
      const form = send && send.closest("form");
      if (form) keep(event, form.querySelector("textarea")?.value, form.querySelector("textarea"));
    },
    true,
  );
  document.addEventListener(
    "keydown",
    (event) => {
      const box = composerBox(event.target);
      if (box && event.key === "Enter" && !event.shiftKey && !event.isComposing) keep(event, box.value, box);
    },
    true,
  );
  // Send is disabled in the server's HTML (the box is empty there): typing enables it, as it will once hydrated.
  document.addEventListener(
    "input",
    (event) => {
      const box = composerBox(event.target);
      const send = box && box.form && box.form.querySelector("button[type=submit]");
      if (send && !early.taken) (send as HTMLButtonElement).disabled = !box.value.trim();
    },
    true,
  );
}

export const EARLY_INTENTS_SCRIPT = `(${catchEarlyIntents.toString()})(${JSON.stringify(GLOBAL)},${JSON.stringify(DRAFT_KEY)})`;

/** Browser, once hydrated: the messages sent before the page could act, taken once; from now on the page answers. */
export function takeEarlyIntents(): string[] {
  const early = (window as unknown as Record<string, EarlyIntents | undefined>)[GLOBAL];
  if (!early) return [];
  early.taken = true;
  return early.texts.splice(0);
}
