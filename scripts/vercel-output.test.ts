import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS } from "../lib/guard/security-headers.ts";
import { checkNoKeyInStatic, checkPagesAndProxy, checkSecurityHeaders, checkStreamingFunction, exportedMaxDuration } from "./vercel-output.ts";

const MARKER = "sk-unit-MARKER-123";
let output: string;

afterEach(() => rmSync(output, { recursive: true, force: true }));

function write(path: string, content: unknown) {
  mkdirSync(dirname(join(output, path)), { recursive: true });
  writeFileSync(join(output, path), typeof content === "string" ? content : JSON.stringify(content));
}

/** A small Build Output API folder shaped like `vercel build`'s, with one thing changed by `override`. */
function fakeOutput(override: { chat?: object; staticFile?: string; routes?: object[] } = {}) {
  output = mkdtempSync(join(tmpdir(), "vercel-output-"));
  const fn = { runtime: "nodejs22.x", supportsResponseStreaming: true };
  write("functions/api/chat.func/.vc-config.json", { ...fn, maxDuration: 300, ...override.chat });
  const page = { ...fn, operationType: "Page" };
  write("functions/_not-found.func/.vc-config.json", page);
  symlinkSync("_not-found.func", join(output, "functions/index.func"));
  write("functions/embed.func/.vc-config.json", page);
  write("functions/_middleware.func/.vc-config.json", { runtime: "nodejs22.x" });
  write("static/_next/static/chunks/app.js", override.staticFile ?? "console.log(1)");
  write("config.json", {
    version: 3,
    routes: override.routes ?? [
      { src: "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$", headers: COMMON_SECURITY_HEADERS, continue: true },
      { src: "^/api(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$", headers: API_SECURITY_HEADERS, continue: true },
      { src: "^(?:\\/((?!api\\/|_next\\/static\\/).*))$", middlewarePath: "/_middleware", continue: true },
    ],
  });
}

const allOk = (checks: { ok: boolean }[]) => checks.every((check) => check.ok);

describe("the checks on .vercel/output", () => {
  it("pass an output shaped like a good build", () => {
    fakeOutput();
    expect(allOk(checkStreamingFunction(output, "/api/chat", 300, "nodejs22.x"))).toBe(true);
    expect(allOk(checkPagesAndProxy(output, "nodejs22.x"))).toBe(true);
    expect(allOk(checkSecurityHeaders(output))).toBe(true);
    expect(allOk(checkNoKeyInStatic(output, MARKER))).toBe(true);
  });

  it("fail on a buffered function, another maxDuration or another Node.js", () => {
    fakeOutput({ chat: { supportsResponseStreaming: false, maxDuration: 60, runtime: "nodejs24.x" } });
    expect(checkStreamingFunction(output, "/api/chat", 300, "nodejs22.x").map((check) => check.ok)).toEqual([false, false, false]);
    expect(checkStreamingFunction(output, "/api/feedback", 30, "nodejs22.x")).toEqual([{ ok: false, text: "/api/feedback: no function in .vercel/output/functions" }]);
  });

  it("fail when a static file holds the key, or the headers or the proxy are missing", () => {
    fakeOutput({ staticFile: `const key = "${MARKER}";`, routes: [{ src: "^/api/.*$", headers: API_SECURITY_HEADERS }] });
    expect(checkNoKeyInStatic(output, MARKER)[0]).toMatchObject({ ok: false, text: expect.stringContaining("static/_next/static/chunks/app.js") });
    expect(checkSecurityHeaders(output).map((check) => check.ok)).toEqual([false, false]);
    expect(checkPagesAndProxy(output, "nodejs22.x").map((check) => check.ok)).toEqual([true, true, true, false]);
  });

  it("read the route's exported maxDuration", () => {
    expect(exportedMaxDuration('export const runtime = "nodejs";\nexport const maxDuration = 300;')).toBe(300);
    expect(exportedMaxDuration("export const maxDuration = 1_000;")).toBe(1000);
    expect(exportedMaxDuration("export const dynamic = 'force-dynamic';")).toBeUndefined();
  });
});
