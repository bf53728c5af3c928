"use client";

import { createContext, useContext } from "react";
import type { Language, Messages } from "@/lib/i18n";

interface Text {
  language: Language;
  messages: Messages;
}

const TextContext = createContext<Text | null>(null);

/**
 * The page's one catalog, handed down from the server: only the visitor's language reaches
 * the browser (type-only imports here; the catalogs themselves stay on the server).
 */
export function I18nProvider({ language, messages, children }: Text & { children: React.ReactNode }) {
  return <TextContext value={{ language, messages }}>{children}</TextContext>;
}

function useI18n(): Text {
  const text = useContext(TextContext);
  if (!text) throw new Error("useText() needs an <I18nProvider> above it.");
  return text;
}

/** The sentences of the page's language. */
export function useText(): Messages {
  return useI18n().messages;
}

/** The page's language, for `Intl` (plurals, numbers). */
export function useLanguage(): Language {
  return useI18n().language;
}
