"use client";

import { useCallback, useSyncExternalStore } from "react";
import { THEME_KEY } from "@/lib/theme";

export type Theme = "light" | "dark";

const CHANGE_EVENT = "chatbase-chat-page:theme";

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
