"use client";

import { useEffect } from "react";
import { useText } from "./i18n-provider";

/** What embed.js on the parent page listens for (from this origin, from this frame only). */
const CLOSE_MESSAGE = { type: "chatbase-chat:close" };

/**
 * The embedded chat's Close button, and Escape anywhere in the frame: both ask the owner's page to close
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
    // The parent focuses the frame when it opens; the visitor then types straight into the composer.
    const onFocus = () => {
      if (document.activeElement === document.body) document.querySelector<HTMLElement>(".composer textarea")?.focus();
    };
    document.addEventListener("keydown", onKey);
    window.addEventListener("focus", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("focus", onFocus);
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
