import css from "./embed.css?inline";

/**
 * What embed.js does on the owner's page (browser only; bundled by scripts/build-assets.ts into the script
 * app/embed.js/route.ts serves). It fetches only /api/embed (is this site in EMBED_ORIGINS? the launcher's
 * words and colour) until the visitor opens the chat; the frame is created on that first open. Everything it
 * draws lives in a shadow root with `all: initial`, styled through a constructed stylesheet, which a host's
 * CSP `style-src` does not govern. The launcher and panel are fixed in place: nothing on the host page moves.
 */

/** A signed-in visitor, as the owner's server vouches for them: the id and HMAC-SHA256(identity secret, id) in hex. */
export interface Identity {
  userId: string;
  userHash: string;
}

/** The page's API, `window.ChatbaseChat`: usable before the launcher appears (the wish is kept until then). */
export interface ChatbaseChat {
  open(): void;
  close(): void;
  toggle(): void;
  /** Signs the visitor in (or, with null, out) without a reload; the chat's server checks the hash. */
  identify(identity: Identity | null): void;
}

/** /api/embed's answer. */
export interface EmbedConfig {
  allowed: boolean;
  text: { open: string; close: string; title: string };
  accentColor: string;
  accentTextColor: string;
  initial: string;
  avatarUrl?: string;
}

declare global {
  interface Window {
    ChatbaseChat?: ChatbaseChat;
  }
}

export const MESSAGE = {
  close: "chatbase-chat:close",
  ready: "chatbase-chat:ready",
  focus: "chatbase-chat:focus",
  identify: "chatbase-chat:identify",
} as const;

/** The attributes' or identify()'s claim, as two strings; anything else is no claim (the server checks the rest). */
function identityOf(value: { userId?: unknown; userHash?: unknown } | null | undefined): Identity | null {
  if (!value || typeof value.userId !== "string" || typeof value.userHash !== "string" || !value.userId) return null;
  return { userId: value.userId, userHash: value.userHash };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, parent?: Node): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  parent?.appendChild(node);
  return node;
}

/** Installs the chat for the `<script>` that loaded embed.js; returns its API, or undefined when already installed. */
export function installChat(script: HTMLScriptElement): ChatbaseChat | undefined {
  if (window.ChatbaseChat) return undefined;
  const app = new URL(script.src).origin;
  const data = script.dataset;
  const site = location.origin;
  let wanted = data.open === "true";
  let isOpen = false;
  let shown: { launcher: HTMLButtonElement; panel: HTMLDivElement; text: EmbedConfig["text"] } | undefined;
  let frame: HTMLIFrameElement | undefined;
  let frameReady = false;
  let focusFrame = false;
  // Handed to the frame by postMessage (to the app's origin only), never in its URL: URLs end up in logs and referrers.
  let identity = identityOf({ userId: data.userId, userHash: data.userHash });

  function setOpen(open: boolean, focus: boolean): void {
    if (!shown) {
      wanted = open;
      return;
    }
    if (open === isOpen) return;
    isOpen = open;
    const { launcher, panel, text } = shown;
    if (open && !frame) {
      frame = el("iframe", "", panel);
      frame.title = text.title;
      frame.allow = "clipboard-write";
      frame.src = `${app}/embed?origin=${encodeURIComponent(site)}`;
    }
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? text.close : data.label || text.open);
    if (open && focus) {
      frame!.focus();
      focusFrame = true;
      if (frameReady) tellFrame();
    }
    if (!open && focus) launcher.focus();
  }

  function tellFrame(): void {
    focusFrame = false;
    frame!.contentWindow?.postMessage({ type: MESSAGE.focus }, app);
  }

  function tellIdentity(): void {
    if (frame && frameReady) frame.contentWindow?.postMessage({ type: MESSAGE.identify, identity }, app);
  }

  function show(config: EmbedConfig): void {
    const text = config.text;
    const host = el("div");
    host.setAttribute("data-chatbase-chat", "");
    host.style.setProperty("--accent", config.accentColor);
    host.style.setProperty("--accent-text", config.accentTextColor);
    const root = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      el("style", "", root).textContent = css;
    }
    const box = el("div", data.position === "left" ? "left" : "", root);
    const launcher = el("button", "launcher", box);
    launcher.type = "button";
    launcher.setAttribute("aria-controls", "panel");
    const avatar = el("span", "avatar", launcher);
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = config.initial;
    if (config.avatarUrl) {
      const image = el("img");
      image.alt = "";
      image.onload = () => {
        avatar.textContent = "";
        avatar.appendChild(image);
      };
      image.src = new URL(config.avatarUrl, app).href;
    }
    if (data.label) el("span", "label", launcher).textContent = data.label;
    const panel = el("div", "panel", box);
    panel.id = "panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", text.title);
    launcher.addEventListener("click", () => setOpen(!isOpen, true));
    shown = { launcher, panel, text };
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", data.label || text.open);
    document.body.appendChild(host);
    if (wanted) setOpen(true, false);

    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen && !event.defaultPrevented) setOpen(false, true);
    });
    window.addEventListener("message", (event) => {
      // Only the chat's own frame, from the app's origin, may close it or report ready.
      if (event.origin !== app || !frame || event.source !== frame.contentWindow) return;
      const type = (event.data as { type?: unknown } | null)?.type;
      if (type === MESSAGE.close) setOpen(false, true);
      if (type === MESSAGE.ready) {
        frameReady = true;
        tellIdentity();
        if (isOpen && focusFrame) tellFrame();
      }
    });
  }

  function start(): void {
    fetch(`${app}/api/embed`, { credentials: "omit" })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json() as Promise<EmbedConfig>;
      })
      .then((config) => {
        if (config.allowed) return show(config);
        console.warn(`Chatbase chat: ${site} is not in EMBED_ORIGINS on ${app}, so the chat is not shown here. Add ${site} to EMBED_ORIGINS to show it.`);
      })
      .catch((error: Error) => {
        console.warn(`Chatbase chat: could not reach ${app}/api/embed (${error.message}); the chat is not shown.`);
      });
  }

  const api: ChatbaseChat = {
    open: () => setOpen(true, true),
    close: () => setOpen(false, true),
    toggle: () => setOpen(!(shown ? isOpen : wanted), true),
    identify: (next) => {
      identity = identityOf(next);
      tellIdentity();
    },
  };
  window.ChatbaseChat = api;
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
  return api;
}
