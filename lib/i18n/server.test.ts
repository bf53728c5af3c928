import { describe, expect, it } from "vitest";
import { CATALOGS } from "./catalogs/index.ts";
import { SERVER_CATALOGS, serverLocaleFor } from "./server.ts";
import { SERVER_SECTIONS } from "./server-sections.ts";
import { localeFor } from "./index.ts";

describe("the API routes' catalogs", () => {
  it("are the catalogs' own sections, in every language (built from them; a stale build fails here)", () => {
    expect(Object.keys(SERVER_CATALOGS).sort()).toEqual(Object.keys(CATALOGS).sort());
    for (const [language, catalog] of Object.entries(CATALOGS)) {
      const sections = Object.fromEntries(SERVER_SECTIONS.map((section) => [section, catalog[section]]));
      expect(SERVER_CATALOGS[language as keyof typeof CATALOGS], language).toEqual(sections);
    }
  });

  it("choose the language as the page does", () => {
    for (const header of ["fr-CH, fr;q=0.9", "pt-PT", "zh-TW", "sv, ko;q=0.8", "*;q=0", undefined]) {
      expect(serverLocaleFor("auto", header).language, String(header)).toBe(localeFor("auto", header).language);
    }
    expect(serverLocaleFor("de", "fr").language).toBe("de");
    expect(serverLocaleFor("auto", "he").dir).toBe("rtl");
  });
});
