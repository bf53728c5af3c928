import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { minifyCss } from "./minify.ts";

describe("minifyCss", () => {
  it("drops comments and the whitespace around braces, semicolons and commas", () => {
    expect(minifyCss("/* note */\n.a,\n.b {\n  color: red;\n  margin: 0 auto;\n}\n\n@media (min-width: 900px) {\n  .c { display: none; }\n}\n")).toBe(
      ".a,.b{color:red;margin:0 auto}@media (min-width:900px){.c{display:none}}",
    );
  });

  it("keeps quoted strings exactly, comment-like text and spaces included", () => {
    expect(minifyCss('.x::before { content: "⚙ /* not a comment */  ;" / ""; }\n.y { font-family: "Segoe UI" , sans-serif; }')).toBe(
      '.x::before{content:"⚙ /* not a comment */  ;" / ""}.y{font-family:"Segoe UI",sans-serif}',
    );
  });

  it("keeps the space before a pseudo-class, which means a descendant", () => {
    expect(minifyCss("nav :focus-visible { outline: 2px solid; }")).toBe("nav :focus-visible{outline:2px solid}");
  });

  it("keeps every rule of the page's stylesheet, in a smaller text", () => {
    const source = readFileSync("app/globals.css", "utf8");
    const minified = minifyCss(source);
    expect(minified.length).toBeLessThan(source.length * 0.8);
    const braces = (text: string) => text.replace(/"[^"]*"|'[^']*'|\/\*[\s\S]*?\*\//g, "").split("{").length;
    expect(braces(minified)).toBe(braces(source));
    expect(minified).not.toContain("/*");
  });
});
