// Server: the API routes' language, from the catalogs' sections they answer with (never the page's sentences).
import { SERVER_MESSAGES } from "../generated/server-messages.ts";
import type { Messages } from "./catalogs/en.ts";
import { directionOf, type Language } from "./languages.ts";
import { matchLanguage } from "./match.ts";
import type { SERVER_SECTIONS } from "./server-sections.ts";

/** What an API route can say: its errors, in each language. */
export type ServerMessages = Pick<Messages, (typeof SERVER_SECTIONS)[number]>;

/** Built from the catalogs at build time (scripts/build-assets.ts), so the API functions carry no page sentences. */
export const SERVER_CATALOGS = SERVER_MESSAGES as Record<Language, ServerMessages>;

export interface ServerLocale {
  language: Language;
  dir: "ltr" | "rtl";
  messages: ServerMessages;
}

/** The same choice as the page's (`localeFor`): the owner's fixed language, else the best match for the visitor's browser. */
export function serverLocaleFor(setting: Language | "auto", acceptLanguage: string | null | undefined): ServerLocale {
  const language = setting === "auto" ? matchLanguage(acceptLanguage) : setting;
  return { language, dir: directionOf(language), messages: SERVER_CATALOGS[language] };
}

/** The English sentences an API error is thrown with (an answer in another language takes that language's). */
export const en: ServerMessages = SERVER_CATALOGS.en;
