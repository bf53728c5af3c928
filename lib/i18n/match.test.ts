import { describe, expect, it } from "vitest";
import { matchLanguage } from "./match.ts";

describe("matchLanguage", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["fr", "fr"],
    ["fr-CA,fr;q=0.9,en;q=0.8", "fr"],
    ["de-AT", "de"],
    ["es-419", "es"],
    ["pt-PT", "pt-BR"],
    ["pt", "pt-BR"],
    ["PT-br", "pt-BR"],
    ["zh-TW", "zh-CN"],
    ["zh-Hant-HK", "zh-CN"],
    ["zh-Hans", "zh-CN"],
    ["ja-JP", "ja"],
    ["ar-EG,ar;q=0.9", "ar"],
    ["iw-IL", "he"],
    ["he", "he"],
    ["nl-BE", "nl"],
    ["it-CH", "it"],
    ["sv-SE", "en"],
    ["*", "en"],
    ["en_GB", "en"],
  ])("%s → %s", (header, expected) => {
    expect(matchLanguage(header)).toBe(expected);
  });

  it("follows q-values rather than the order they are written in", () => {
    expect(matchLanguage("en;q=0.5, fr;q=0.9, de;q=0.7")).toBe("fr");
    expect(matchLanguage("de;q=0.7, ja")).toBe("ja");
  });

  it("keeps the header's order between equal q-values", () => {
    expect(matchLanguage("es;q=0.8, it;q=0.8")).toBe("es");
  });

  it("passes over a language it does not have for the next one the visitor reads", () => {
    expect(matchLanguage("sv-SE, sv;q=0.9, de;q=0.8, en;q=0.7")).toBe("de");
    expect(matchLanguage("ko, zh-TW;q=0.5")).toBe("zh-CN");
  });

  it("never serves a language the visitor refused with q=0", () => {
    expect(matchLanguage("fr;q=0, fr-CA")).toBe("en");
    expect(matchLanguage("pt-BR;q=0, pt-PT, es;q=0.5")).toBe("es");
    expect(matchLanguage("en;q=0, *")).toBe("es");
  });

  it("reads *;q=0 as refusing only the languages the visitor did not name", () => {
    expect(matchLanguage("*;q=0")).toBe("en");
    expect(matchLanguage("fr, *;q=0")).toBe("fr");
    expect(matchLanguage("pt-PT, *;q=0")).toBe("pt-BR");
    expect(matchLanguage("sv, *;q=0")).toBe("en");
  });

  it("prefers the visitor's first language served closely over a later one served exactly", () => {
    expect(matchLanguage("pt-PT, en;q=0.9")).toBe("pt-BR");
    expect(matchLanguage("zh-Hant, ja;q=0.9")).toBe("zh-CN");
  });

  it("serves a language CLDR counts as readable for one we do not have", () => {
    expect(matchLanguage("ca")).toBe("es");
    expect(matchLanguage("gl-ES, en;q=0.5")).toBe("es");
  });

  it("skips malformed ranges instead of giving up on the header", () => {
    expect(matchLanguage("fr;q=2, de")).toBe("fr");
    expect(matchLanguage("!!, ja;q=0.4")).toBe("ja");
    expect(matchLanguage("it;q=abc;x, nl;q=0.1")).toBe("nl");
  });
});
