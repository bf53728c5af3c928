"use client";

import { useCallback, useSyncExternalStore } from "react";
import { parseTheme, THEME_KEY, themeCookie, themeInCookies, type Theme } from "@/lib/theme";

const CHANGE_EVENT = "chatbase-chat-page:theme";

const darkQuery = () => window.matchMedia("(prefers-color-scheme: dark)");

function storedChoice(): Theme | undefined {
  try {
    return parseTheme(localStorage.getItem(THEME_KEY));
  } catch {
    return undefined; // Storage blocked: follow the system.
  }
}

/** The cookie the server renders the page's theme from (see lib/theme.ts). */
function saveCookie(theme: Theme) {
  document.cookie = themeCookie(theme, location.protocol === "https:");
}

function applyChoice(choice: Theme | undefined) {
  if (choice) document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
}

/** A choice made while storage is blocked: kept for this page only. */
let unsavedChoice: Theme | undefined;

/**
 * The theme as last read. React reads it on every render and again after each commit; storage, the cookie (each
 * a synchronous call to the browser) and the media query are read once, and again only when one tells of a change.
 */
let known: Theme | undefined;

function readTheme(stored = storedChoice(), cookie = themeInCookies(document.cookie)): Theme {
  return stored ?? cookie ?? unsavedChoice ?? (darkQuery().matches ? "dark" : "light");
}

function currentTheme(): Theme {
  known ??= readTheme();
  return known;
}

/**
 * A choice kept in storage but not in the cookie (made before the cookie existed, or the cookie expired): shown
 * now, and written to the cookie, so the next page comes from the server in it. Read with the theme, once.
 */
let adopted = false;
function adoptStoredChoice() {
  if (adopted) return;
  adopted = true;
  const stored = storedChoice();
  const cookie = themeInCookies(document.cookie);
  known = readTheme(stored, cookie);
  if (!stored || cookie === stored) return;
  applyChoice(stored);
  saveCookie(stored);
}

function subscribe(onRead: () => void) {
  adoptStoredChoice();
  const onChange = () => {
    known = undefined;
    onRead();
  };
  const query = darkQuery();
  // Another tab chose a theme: show it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_KEY && event.key !== null) return;
    applyChoice(storedChoice());
    onChange();
  };
  query.addEventListener("change", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    query.removeEventListener("change", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function useTheme() {
  const theme = useSyncExternalStore(subscribe, currentTheme, () => "light" as Theme);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === "dark" ? "light" : "dark";
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      unsavedChoice = next;
    }
    saveCookie(next);
    applyChoice(next);
    known = next;
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return { theme, toggle };
}
