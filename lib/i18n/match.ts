import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./languages.ts";

/**
 * Which built-in language serves an `Accept-Language` header (RFC 9110 §12.5.4).
 * Ranges are tried by their q-value (highest first, ties in header order); each
 * range matches our language with the same tag, else the one language we have
 * for its primary subtag (`pt-PT` → `pt-BR`, `zh-TW` and `zh-Hant` → `zh-CN`,
 * the only Chinese we have). `q=0` rules a language out; nothing matching gives
 * English. Hand-written: a dozen lines, where a matcher library brings CLDR's
 * distance tables for a choice among eleven languages.
 */
export function matchLanguage(header: string | null | undefined): Language {
  const ranges = parseAcceptLanguage(header ?? "");
  const refused = new Set(ranges.filter((range) => range.q === 0).map((range) => range.tag));
  for (const { tag, q } of ranges) {
    if (q === 0) continue;
    if (tag === "*") return DEFAULT_LANGUAGE;
    const language = closestLanguage(tag);
    if (language && !refused.has(language.toLowerCase())) return language;
  }
  return DEFAULT_LANGUAGE;
}

interface LanguageRange {
  /** Lower case: tags compare case-insensitively. */
  tag: string;
  q: number;
}

const TAG = /^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/;

/** The header's ranges, best first; malformed entries are skipped rather than failing the whole header. */
export function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: (LanguageRange & { index: number })[] = [];
  header.split(",").forEach((entry, index) => {
    const [rawTag, ...params] = entry.split(";").map((part) => part.trim());
    const tag = rawTag.toLowerCase().replace(/_/g, "-");
    if (!TAG.test(tag)) return;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
      else if (/^q\s*=/i.test(param)) return;
    }
    ranges.push({ tag, q, index });
  });
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag, q }) => ({ tag, q }));
}

/** Browsers on older systems still send Hebrew under its withdrawn code. */
const ALIASES: Record<string, string> = { iw: "he" };

function closestLanguage(tag: string): Language | undefined {
  const exact = LANGUAGES.find((language) => language.toLowerCase() === tag);
  if (exact) return exact;
  const primary = tag.split("-")[0];
  const wanted = ALIASES[primary] ?? primary;
  return LANGUAGES.find((language) => language.toLowerCase().split("-")[0] === wanted);
}
