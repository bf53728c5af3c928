import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { EMBED_SCRIPT, embedScriptGzipBytes } from "./script.ts";

describe("embed.js", () => {
  it("is valid JavaScript", () => {
    expect(() => new Script(EMBED_SCRIPT)).not.toThrow();
  });

  it("stays within 4 KB gzipped", () => {
    expect(embedScriptGzipBytes()).toBeLessThanOrEqual(4096);
  });

  it("asks only the app's own check before the visitor opens the chat", () => {
    expect(EMBED_SCRIPT.match(/fetch\(/g)).toHaveLength(1);
    expect(EMBED_SCRIPT).toMatch(/fetch\(`\$\{\w+\}\/api\/embed`/);
  });
});
