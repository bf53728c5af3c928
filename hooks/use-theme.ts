"use client";

import { useCallback, useSyncExternalStore } from "react";

export type Theme = "light" | "dark";

/** The visitor's explicit choice; without one the page follows the system. Read before paint by THEME_SCRIPT. */
export const THEME_KEY = "chatbase-chat-page:theme";
const CHANGE_EVENT = "chatbase-chat-page:theme";

/** Runs in <head> before the page paints, so a chosen theme never flashes the other one. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

const darkQuery = () => window.matchMedia("(prefers-color-scheme: dark)");

function storedChoice(): Theme | undefined {
  try {
    const chosen = localStorage.getItem(THEME_KEY);
    return chosen === "light" || chosen === "dark" ? chosen : undefined;
  } catch {
    return undefined; // Storage blocked: follow the system.
  }
}

function applyChoice(choice: Theme | undefined) {
  if (choice) document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
}

function subscribe(onChange: () => void) {
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

/** A choice made while storage is blocked: kept for this page only. */
let unsavedChoice: Theme | undefined;

function currentTheme(): Theme {
  return storedChoice() ?? unsavedChoice ?? (darkQuery().matches ? "dark" : "light");
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
    applyChoice(next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return { theme, toggle };
}
