"use client";

import { useEffect } from "react";
import { useText } from "./i18n-provider";

/** What embed.js on the parent page and this frame say to each other (each checks the other's origin and window). */
const CLOSE_MESSAGE = { type: "chatbase-chat:close" };
const READY_MESSAGE = { type: "chatbase-chat:ready" };
const FOCUS_MESSAGE = { type: "chatbase-chat:focus" };

/**
 * The embedded chat's side of its talk with embed.js: it says when it is ready and takes the focus when
 * asked. Its Close button, and Escape anywhere in the frame, ask the owner's page to close
 * the panel, and only that page (its origin checked on the server against EMBED_ORIGINS). Escape is left
 * to what already uses it: stopping a reply, closing the list, leaving a rename.
 */
export function EmbedClose({ parentOrigin }: { parentOrigin: string | undefined }) {
  const text = useText();

  useEffect(() => {
    if (!parentOrigin) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      if (document.querySelector(".sidebar-drawer, .message-list[aria-busy=true]")) return;
      if (event.target instanceof HTMLInputElement) return;
      window.parent.postMessage(CLOSE_MESSAGE, parentOrigin);
    };
    // Opened by the visitor, the parent asks for the focus (once this page can take it): they type straight away.
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== parentOrigin || event.source !== window.parent || event.data?.type !== FOCUS_MESSAGE.type) return;
      // While the lead form must be sent first, the composer waits: its first field takes the focus instead.
      (document.querySelector<HTMLElement>(".composer textarea:not(:disabled)") ?? document.querySelector<HTMLElement>(".lead-form input"))?.focus();
    };
    document.addEventListener("keydown", onKey);
    window.addEventListener("message", onMessage);
    window.parent.postMessage(READY_MESSAGE, parentOrigin);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("message", onMessage);
    };
  }, [parentOrigin]);

  if (!parentOrigin) return null;
  return (
    <button type="button" className="icon-button header-button" aria-label={text.embed.close} onClick={() => window.parent.postMessage(CLOSE_MESSAGE, parentOrigin)}>
      <svg aria-hidden width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M6 6l12 12M18 6L6 18" />
      </svg>
    </button>
  );
}
