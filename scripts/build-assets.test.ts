import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { minifyCss } from "./build-assets.ts";

let folder: string | undefined;
function cssFile(css: string): string {
  folder = mkdtempSync(join(tmpdir(), "build-assets-"));
  const file = join(folder, "test.css");
  writeFileSync(file, css);
  return file;
}

afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe("minifyCss", () => {
  it("minifies, keeping strings and a descendant's space", () => {
    expect(minifyCss(cssFile('/* note */\n.a,\n.b {\n  color: red;\n}\nnav :focus-visible { content: "a  /* b */"; }\n'))).toBe(
      '.a,.b{color:red}nav :focus-visible{content:"a  /* b */"}',
    );
  });

  it("writes light-dark() out for the browsers in package.json's browserslist that lack it", () => {
    const css = minifyCss(cssFile(":root { color-scheme: light dark; --bg: light-dark(#fff, #111); }"));
    expect(css).toContain("--lightningcss-dark");
    expect(css).toContain("prefers-color-scheme:dark");
  });

  it("fails on a broken rule instead of shipping it", () => {
    expect(() => minifyCss(cssFile(".a { color: red; }}"))).toThrow();
  });
});
