import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./languages.ts";

/**
 * Which built-in language serves an `Accept-Language` header. `negotiator` reads the header (q-values, best
 * first); `@formatjs/intl-localematcher` picks, for each range in turn, the closest language we have by
 * CLDR's language distances (`pt-PT` → `pt-BR`, `zh-TW` → `zh-CN`, `ca` → `es`). A range no language of
 * ours is close to passes to the next; a language refused with `q=0` is never chosen; nothing left gives
 * English. Runs anywhere: no React, no Next.js.
 */
export function matchLanguage(header: string | null | undefined): Language {
  const key = header ?? "";
  if (key.length > MATCHED_HEADER_MAX_CHARS) return closestLanguage(key);
  const known = matched.get(key);
  if (known) return known;
  const language = closestLanguage(key);
  if (matched.size >= MATCHED_MAX) matched.delete(matched.keys().next().value!);
  matched.set(key, language);
  return language;
}

/**
 * Headers already matched. Matching one costs about 2.7 ms of CPU (the matcher works out CLDR's distances on
 * every call), as much as the rest of a reply; browsers send a handful of distinct headers, so each is matched
 * once. Bounded (500 headers of up to 200 characters, oldest first out), so that made-up headers cannot grow it.
 */
const matched = new Map<string, Language>();
const MATCHED_MAX = 500;
const MATCHED_HEADER_MAX_CHARS = 200;

function closestLanguage(header: string): Language {
  // Some older clients write `en_GB`; the tag's standard separator is the hyphen.
  const accept = header.replaceAll("_", "-");
  const refused = refusedLanguages(accept);
  const candidates = LANGUAGES.filter((language) => !refused.has(language));
  for (const range of new Negotiator({ headers: { "accept-language": accept } }).languages()) {
    if (range === "*") return candidates[0] ?? DEFAULT_LANGUAGE;
    if (!isWellFormed(range)) continue;
    const closest = match([range], candidates, NO_MATCH);
    if (closest !== NO_MATCH) return closest as Language;
  }
  return DEFAULT_LANGUAGE;
}

const NO_MATCH = "und";

/**
 * Our languages the header rules out with `q=0`. `negotiator` ranks only languages some range accepts: a
 * trailing `*` of the lowest weight accepts every language not refused by name, so those left out were
 * refused. The same `*` outweighs a header's own `*;q=0`, which therefore never rules out the closest
 * match to a language the visitor named (`pt-PT, *;q=0` still gets `pt-BR`): it refuses only what the
 * visitor did not name, and that is what the fallback to English serves when nothing else matched.
 */
function refusedLanguages(accept: string): Set<Language> {
  const accepted = new Negotiator({ headers: { "accept-language": `${accept},*;q=0.001` } }).languages([...LANGUAGES]);
  return new Set(LANGUAGES.filter((language) => !accepted.includes(language)));
}

function isWellFormed(tag: string): boolean {
  try {
    new Intl.Locale(tag);
    return true;
  } catch {
    return false;
  }
}
