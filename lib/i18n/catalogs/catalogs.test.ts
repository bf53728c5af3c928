import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../languages.ts";
import { en } from "./en.ts";
import { CATALOGS } from "./index.ts";

type Leaf = { path: string; value: string };

function leaves(value: unknown, path = ""): Leaf[] {
  if (typeof value === "string") return [{ path, value }];
  return Object.entries(value as object).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("catalogs", () => {
  it("has one for every language", () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const language of LANGUAGES.filter((code) => code !== "en")) {
    const catalog = CATALOGS[language];

    it(`${language}: every sentence keeps English's placeholders`, () => {
      const english = new Map(leaves(en).map(({ path, value }) => [path.replace(/\.(zero|one|two|few|many|other)$/, ""), placeholders(value)]));
      for (const { path, value } of leaves(catalog)) {
        const key = path.replace(/\.(zero|one|two|few|many|other)$/, "");
        // A plural form may spell the number out ("one second") instead of writing {count}.
        const wanted = (english.get(key) ?? []).filter((name) => !(name === "count" && !value.includes("{count}")));
        expect(placeholders(value), `${language} ${path}`).toEqual(wanted);
      }
    });

    it(`${language}: every plural has a form for each category the language uses`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.filter((category) => category !== "many" || language === "ar");
      for (const forms of [catalog.notices.setAside, catalog.notices.trimmed, catalog.rateLimit.perMinute]) {
        for (const category of categories) expect(forms[category], `${language} ${category}`).toBeTruthy();
      }
    });
  }
});
