/** The page's built-in languages, by the BCP 47 tag it is served under. Runs anywhere: no React, no Next.js. */
export const LANGUAGES = ["en", "es", "fr", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar", "he"] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(["ar", "he"]);

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function directionOf(language: Language): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(language) ? "rtl" : "ltr";
}
