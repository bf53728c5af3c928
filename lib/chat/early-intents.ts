// Server and browser: the page's one inline script (the server writes it, the browser runs it while the page's code
// is still on its way), and the hydrated page's side of it.
import { CONVERSATION_PREFIX, DRAFT_KEY, INDEX_KEY, OPEN_KEY } from "./storage-keys.ts";
import { VISITOR_ID_KEY } from "./visitor-id.ts";

/** The window property the script keeps what the visitor sent in, until the page takes it. */
const GLOBAL = "__chatbaseEarlyIntents";

/** A first message whose request the script opened itself, for the page to adopt. */
export interface EarlyRequest {
  messageId: string;
  conversationId: string | undefined;
  response: Promise<Response>;
  abort: () => void;
}

interface EarlyIntents {
  texts: string[];
  request?: EarlyRequest;
  /** The page has read what was sent and is drawing the conversation it opens: nothing more is kept meanwhile. */
  held?: boolean;
  taken?: boolean;
}

interface EarlySettings {
  global: string;
  draftKey: string;
  visitorKey: string;
  /**
   * The visitor has conversations when the index lists one, or an older page left one under this prefix: the page
   * would open one, so it sends, not the script.
   */
  storedPrefix: string;
  turnsClass: string;
  indexKey: string;
  openKey: string;
  apiVersion: "v1" | "v2";
  /** With bot protection the request needs headers only the page's code adds: the page sends it. */
  openRequests: boolean;
  /** The messages' labels in the page's language (a message's `aria-label`, as the page gives it). */
  labels: { you: string; assistant: string };
}

/** Where the script draws what was sent before hydration: an element the page renders empty and React leaves alone. */
export const EARLY_TURNS_CLASS = "early-turns";

/**
 * Runs in the page before its JavaScript has loaded. The server's HTML already shows the composer and the starter
 * prompts, but until React has hydrated nothing answers them: a tap on Send, Enter or a starter prompt would be
 * lost. This keeps each message so sent (and empties the box, as sending does) until the page takes them; from
 * then on it lets every event through. Each message so kept is drawn at once, as the page draws one, and so are
 * the words of the reply to a request it opened, as plain text, until the page takes over (it reads the same
 * reply from its first chunk). Written into the page as its source, so it must stand alone: no imports, nothing
 * from outside but its arguments.
 */
function catchEarlyIntents(settings: EarlySettings) {
  const early: EarlyIntents = { texts: [] };
  (window as unknown as Record<string, EarlyIntents>)[settings.global] = early;
  const id = (length: number) => {
    let out = "";
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) out += "0123456789abcdefghijklmnopqrstuvwxyz"[byte % 36];
    return out;
  };
  // Drawn into the element the page leaves empty for this (EARLY_TURNS_CLASS); the page's own list replaces it.
  const turns = () => document.querySelector("." + settings.turnsClass);
  const element = (tag: string, className: string, parent: Element | null) => {
    const made = document.createElement(tag);
    made.className = className;
    parent?.append(made);
    return made;
  };
  const message = (role: "user" | "assistant") => {
    const article = element("article", "message message-" + role, turns());
    article.dataset.role = role;
    article.setAttribute("aria-label", role === "user" ? settings.labels.you : settings.labels.assistant);
    const bubble = element("div", "message-bubble", article);
    bubble.dir = "auto";
    return bubble;
  };
  const dots = () => {
    const typing = element("span", "typing", turns());
    typing.setAttribute("aria-hidden", "true");
    for (let i = 0; i < 3; i++) element("span", "", typing);
    return typing;
  };
  // The reply's words as they arrive (our own event stream: its text deltas), until the page draws them itself.
  const drawReply = async (stream: NonNullable<Response["body"]>, typing: Element) => {
    let words: HTMLElement | undefined;
    let pending = "";
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (let next = await reader.read(); !next.done && !early.taken; next = await reader.read()) {
        const lines = (pending + next.value).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
          const chunk = JSON.parse(line.slice(6)) as { type?: string; delta?: string };
          if (chunk.type !== "text-delta" || !chunk.delta) continue;
          typing.remove();
          words ??= element("div", "markdown markdown-pending", message("assistant"));
          words.textContent += chunk.delta;
        }
      }
    } catch {
      // The page reads the same reply, and says what went wrong.
    }
    void reader.cancel().catch(() => {});
  };
  // A first visit's first message leaves now, as the page would send it: the page adopts the open request.
  const open = (text: string) => {
    try {
      if (!settings.openRequests || sessionStorage.getItem(settings.openKey)) return;
      for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith(settings.storedPrefix)) return;
      const index = JSON.parse(localStorage.getItem(settings.indexKey) ?? "null") as { conversations?: unknown[] } | null;
      if (index && (!Array.isArray(index.conversations) || index.conversations.length > 0)) return;
      let visitorId = localStorage.getItem(settings.visitorKey);
      if (!visitorId || !/^[A-Za-z0-9._-]{1,128}$/.test(visitorId)) localStorage.setItem(settings.visitorKey, (visitorId = `v-${id(20)}`));
      const messageId = id(16);
      const conversationId = settings.apiVersion === "v1" ? `web-${id(16)}` : undefined;
      const controller = new AbortController();
      const typing = dots();
      // Busy as the page's list is while a reply is on its way: the page sets it again itself once it has taken over.
      turns()?.closest("[aria-busy]")?.setAttribute("aria-busy", "true");
      const response = fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ messages: [{ id: messageId, role: "user", parts: [{ type: "text", text }] }], conversationId, visitorId }),
        signal: controller.signal,
      }).then(
        (answer) => {
          // One copy of the reply is drawn here; the page reads the other, from its first chunk, when it adopts it.
          const drawable = answer.ok && answer.body && !early.taken && (answer.headers.get("content-type") ?? "").includes("text/event-stream");
          if (!drawable) return typing.remove(), answer;
          const [forPage, forDrawing] = answer.body!.tee();
          void drawReply(forDrawing, typing);
          return new Response(forPage, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
        },
        (error: unknown) => {
          typing.remove();
          throw error;
        },
      );
      early.request = { messageId, conversationId, response, abort: () => controller.abort() };
    } catch {
      // Storage blocked: the page sends it once it has loaded.
    }
  };
  const keep = (event: Event, text: string | null | undefined, box?: HTMLTextAreaElement | null) => {
    if (early.taken || !text || !text.trim()) return;
    event.preventDefault();
    event.stopPropagation();
    // Once a request is on its way, more stays in the box as typed (the page keeps it): one message at a time. So
    // too for the moment between the page reading what was sent and showing the conversation it opens.
    if (early.request || early.held) return;
    message("user").textContent = text;
    if (early.texts.length === 0) open(text);
    early.texts.push(text);
    if (!box) return;
    // Emptied as typing would empty it: once React has hydrated (the page may still be reading the open conversation),
    // its state follows through the input event; a plain `value =` would pass its tracker by and the text would return.
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
    if (setValue) setValue.call(box, "");
    else box.value = "";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const send = box.form && box.form.querySelector("button[type=submit]");
    if (send) (send as HTMLButtonElement).disabled = true;
    try {
      localStorage.removeItem(settings.draftKey);
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

/** What the script needs of the page it is written into. */
export interface EarlyIntentsOptions {
  apiVersion: "v1" | "v2";
  /** Bot protection is on: the page's code sends the first message itself. */
  botProtection: boolean;
  labels: EarlySettings["labels"];
}

/** The script for a page of this app: its API version, whether bot protection is on, its messages' labels. */
export function earlyIntentsScript({ apiVersion, botProtection, labels }: EarlyIntentsOptions): string {
  const settings: EarlySettings = {
    global: GLOBAL,
    draftKey: DRAFT_KEY,
    visitorKey: VISITOR_ID_KEY,
    storedPrefix: CONVERSATION_PREFIX,
    turnsClass: EARLY_TURNS_CLASS,
    indexKey: INDEX_KEY,
    openKey: OPEN_KEY,
    apiVersion,
    openRequests: !botProtection,
    labels,
  };
  return `(${catchEarlyIntents.toString()})(${JSON.stringify(settings)})`;
}

/**
 * Browser, once the page knows which conversation opens: the messages sent before the page could act, and the
 * request the script opened for the first of them, if it could. Until `releaseEarlyIntents`, the script still
 * answers a tap, but keeps nothing more (the box keeps what is typed), so nothing reaches the conversation the page
 * is about to replace.
 */
export function holdEarlyIntents(): { texts: string[]; request?: EarlyRequest } {
  const early = (window as unknown as Record<string, EarlyIntents | undefined>)[GLOBAL];
  if (!early) return { texts: [] };
  early.held = true;
  const { request } = early;
  early.request = undefined;
  return { texts: early.texts.splice(0), request };
}

/** Browser, in the commit that shows the conversation the page opened: from now on the page answers every tap. */
export function releaseEarlyIntents(): void {
  const early = (window as unknown as Record<string, EarlyIntents | undefined>)[GLOBAL];
  if (early) early.taken = true;
}
