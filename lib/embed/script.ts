import { gzipSync } from "node:zlib";

/**
 * embed.js, the one script an owner pastes into their site. Plain ES2017 that runs on any page, so it
 * is kept as text here rather than built: no bundler runtime, no dependency, well under 4 KB gzipped.
 *
 * It fetches only /api/embed (is this site in EMBED_ORIGINS? the launcher's words and colour) until the
 * visitor opens the chat; the frame is created on that first open. Everything it draws lives in a shadow
 * root with `all: initial`, so the host's styles cannot reach it and its own cannot leak out, and it is
 * styled through a constructed stylesheet, which a host's CSP `style-src` does not govern. The launcher
 * and panel are fixed in place: nothing on the host page moves.
 */
export const EMBED_SCRIPT = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.ChatbaseChat) return;
  var app = new URL(script.src).origin;
  var data = script.dataset;
  var site = location.origin;
  var ready, wanted = data.open === "true", isOpen = false, frame, frameReady, focusFrame, launcher, panel, text;

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function setOpen(open, focus) {
    if (!ready) { wanted = open; return; }
    if (open === isOpen) return;
    isOpen = open;
    if (open && !frame) {
      frame = el("iframe", "", panel);
      frame.title = text.title;
      frame.allow = "clipboard-write";
      frame.src = app + "/embed?origin=" + encodeURIComponent(site);
    }
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? text.close : data.label || text.open);
    if (open && focus) {
      frame.focus();
      focusFrame = true;
      if (frameReady) tellFrame();
    }
    if (!open && focus) launcher.focus();
  }

  function tellFrame() {
    focusFrame = false;
    frame.contentWindow.postMessage({ type: "chatbase-chat:focus" }, app);
  }

  window.ChatbaseChat = {
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, true); },
    toggle: function () { setOpen(!(ready ? isOpen : wanted), true); }
  };

  var CSS = ":host{all:initial}" +
    ".launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:flex;align-items:center;gap:10px;height:56px;min-width:56px;box-sizing:border-box;padding:0 12px;margin:0;border:0;border-radius:28px;background:var(--accent);color:var(--accent-text);font:600 15px/1 system-ui,-apple-system,sans-serif;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25)}" +
    ".launcher:focus-visible{outline:3px solid var(--accent);outline-offset:3px}" +
    ".avatar{display:grid;place-items:center;width:32px;height:32px;border-radius:50%;font-size:18px;overflow:hidden;flex:none}" +
    ".avatar img{width:100%;height:100%;object-fit:cover}" +
    ".label{padding-right:6px}" +
    ".panel{position:fixed;bottom:88px;right:20px;z-index:2147483001;width:400px;height:min(680px,calc(100vh - 108px));border-radius:14px;overflow:hidden;background:#fff;box-shadow:0 8px 40px rgba(0,0,0,.3)}" +
    ".panel[hidden]{display:none}" +
    "iframe{display:block;width:100%;height:100%;border:0}" +
    ".left .launcher,.left .panel{right:auto;left:20px}" +
    "@media (max-width:599.98px){.panel,.left .panel{inset:0;width:100%;height:100%;border-radius:0}}" +
    "@media (prefers-color-scheme:dark){.panel{background:#111113}}";

  function show(config) {
    text = config.text;
    var host = el("div");
    host.setAttribute("data-chatbase-chat", "");
    host.style.setProperty("--accent", config.accentColor);
    host.style.setProperty("--accent-text", config.accentTextColor);
    var root = host.attachShadow({ mode: "open" });
    if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      el("style", "", root).textContent = CSS;
    }
    var box = el("div", data.position === "left" ? "left" : "", root);
    launcher = el("button", "launcher", box);
    launcher.type = "button";
    launcher.setAttribute("aria-controls", "panel");
    var avatar = el("span", "avatar", launcher);
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = config.initial;
    if (config.avatarUrl) {
      var image = el("img");
      image.alt = "";
      image.onload = function () { avatar.textContent = ""; avatar.appendChild(image); };
      image.src = new URL(config.avatarUrl, app).href;
    }
    if (data.label) el("span", "label", launcher).textContent = data.label;
    panel = el("div", "panel", box);
    panel.id = "panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", text.title);
    launcher.addEventListener("click", function () { setOpen(!isOpen, true); });
    ready = true;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", data.label || text.open);
    document.body.appendChild(host);
    if (wanted) setOpen(true, false);

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen && !event.defaultPrevented) setOpen(false, true);
    });
    window.addEventListener("message", function (event) {
      if (event.origin !== app || !frame || event.source !== frame.contentWindow) return;
      var type = event.data && event.data.type;
      if (type === "chatbase-chat:close") setOpen(false, true);
      if (type === "chatbase-chat:ready") {
        frameReady = true;
        if (isOpen && focusFrame) tellFrame();
      }
    });
  }

  function start() {
    fetch(app + "/api/embed", { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (config) {
        if (config.allowed) return show(config);
        console.warn("Chatbase chat: " + site + " is not in EMBED_ORIGINS on " + app + ", so the chat is not shown here. Add " + site + " to EMBED_ORIGINS to show it.");
      })
      .catch(function (error) {
        console.warn("Chatbase chat: could not reach " + app + "/api/embed (" + error.message + "); the chat is not shown.");
      });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
`;

/** embed.js's size as sent compressed, the number the 4 KB budget is about. */
export function embedScriptGzipBytes(): number {
  return gzipSync(EMBED_SCRIPT, { level: 9 }).length;
}
