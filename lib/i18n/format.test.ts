import { describe, expect, it } from "vitest";
import { fill, plural, templateParts, templatePattern } from "./format.ts";

describe("format", () => {
  it("fills placeholders and leaves unknown ones as written", () => {
    expect(fill("Rename {title}", { title: "Orders" })).toBe("Rename Orders");
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("splits a template around its placeholders", () => {
    expect(templateParts("Set {apiKey} and {chatbotId}.")).toEqual(["Set ", { name: "apiKey" }, " and ", { name: "chatbotId" }, "."]);
  });

  it("picks the plural form by the language's rules and writes the number its way", () => {
    const seconds = { zero: "z {count}", one: "one", two: "two", few: "few {count}", many: "many {count}", other: "other {count}" };
    expect(plural("ar", seconds, 1)).toBe("one");
    expect(plural("ar", seconds, 2)).toBe("two");
    expect(plural("ar", seconds, 5)).toBe(`few ${new Intl.NumberFormat("ar").format(5)}`);
    expect(plural("ar", seconds, 11)).toBe(`many ${new Intl.NumberFormat("ar").format(11)}`);
    expect(plural("en", { one: "{count} second", other: "{count} seconds" }, 1)).toBe("1 second");
    expect(plural("en", { one: "{count} second", other: "{count} seconds" }, 1200)).toBe("1,200 seconds");
    expect(plural("ja", { other: "{count} 秒" }, 1)).toBe("1 秒");
  });

  it("recognises a filled template, whatever the values, and nothing else", () => {
    const pattern = templatePattern("Please wait {count} seconds (or so).");
    expect(pattern.test("Please wait 12 seconds (or so).")).toBe(true);
    expect(pattern.test("Please wait 12 seconds.")).toBe(false);
  });
});
