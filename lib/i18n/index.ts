import { CATALOGS } from "./catalogs/index.ts";
import type { Messages } from "./catalogs/en.ts";
import { directionOf, type Language } from "./languages.ts";
import { matchLanguage } from "./match.ts";

export type { ApiErrorCode, Messages } from "./catalogs/en.ts";
export { DEFAULT_LANGUAGE, LANGUAGES, directionOf, isLanguage, type Language } from "./languages.ts";
export { matchLanguage } from "./match.ts";

/** `auto` follows each visitor's browser; a language code serves everyone in that language. */
export type LanguageSetting = Language | "auto";

export interface Locale {
  language: Language;
  dir: "ltr" | "rtl";
  messages: Messages;
}

/** The language a request is served in: the owner's fixed choice, else the best match for the visitor's browser. */
export function localeFor(setting: LanguageSetting, acceptLanguage: string | null | undefined): Locale {
  const language = setting === "auto" ? matchLanguage(acceptLanguage) : setting;
  return { language, dir: directionOf(language), messages: CATALOGS[language] };
}
