/**
 * What `npm run check:vercel` asserts on a `vercel build`'s `.vercel/output`
 * (the Build Output API, v3): the functions, the proxy, the headers, and that
 * no static file holds the key. Each check is one line of the report.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS } from "../lib/guard/security-headers.ts";

export interface OutputCheck {
  ok: boolean;
  text: string;
}

interface Route {
  src?: string;
  headers?: Record<string, string>;
  middlewarePath?: string;
}

interface FunctionConfig {
  runtime?: string;
  operationType?: string;
  supportsResponseStreaming?: boolean;
  maxDuration?: number;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** A function's settings; `.func` folders may be symlinks to a shared one, which statSync follows. */
function functionConfig(output: string, name: string): FunctionConfig | undefined {
  const path = join(output, "functions", `${name}.func`, ".vc-config.json");
  return existsSync(path) ? readJson<FunctionConfig>(path) : undefined;
}

/** The route's `export const maxDuration = N`, read from its source: what Vercel must honour. */
export function exportedMaxDuration(routeSource: string): number | undefined {
  const match = /export\s+const\s+maxDuration\s*=\s*([\d_]+)/.exec(routeSource);
  return match ? Number(match[1].replaceAll("_", "")) : undefined;
}

export function checkStreamingFunction(output: string, route: string, maxDuration: number | undefined, runtime: string): OutputCheck[] {
  const config = functionConfig(output, route.replace(/^\//, ""));
  if (!config) return [{ ok: false, text: `${route}: no function in .vercel/output/functions` }];
  return [
    { ok: config.runtime === runtime, text: `${route} runs on ${runtime} (got ${config.runtime})` },
    { ok: config.supportsResponseStreaming === true, text: `${route} streams its response (supportsResponseStreaming: ${config.supportsResponseStreaming})` },
    {
      // A route that exports none gets Vercel's default, which the output leaves unset.
      ok: config.maxDuration === maxDuration,
      text: `${route} has the maxDuration its route exports (${maxDuration ?? "none exported"}; output: ${config.maxDuration ?? "unset"})`,
    },
  ];
}

/**
 * Whether a function deploys `relativePath` (a path from the project's root): in its folder, or, as a
 * prebuilt output lists most traced files, in its `.vc-config.json`'s `filePathMap`.
 */
function functionHasFile(output: string, name: string, relativePath: string): boolean {
  const dir = join(output, "functions", `${name}.func`);
  if (!existsSync(dir)) return false;
  const mapped = readJson<{ filePathMap?: Record<string, string> }>(join(dir, ".vc-config.json")).filePathMap ?? {};
  return Object.hasOwn(mapped, relativePath) || existsSync(join(dir, relativePath));
}

export function checkPagesAndProxy(output: string, runtime: string): OutputCheck[] {
  const routes = readJson<{ routes: Route[] }>(join(output, "config.json")).routes;
  const page = functionConfig(output, "index");
  const notFound = functionConfig(output, "_not-found");
  const proxy = functionConfig(output, "_middleware");
  const withoutStylesheet = ["index", "_not-found", "embed"].filter((name) => !functionHasFile(output, name, "app/globals.css"));
  return [
    {
      ok: withoutStylesheet.length === 0,
      text:
        withoutStylesheet.length === 0
          ? "the pages' functions hold app/globals.css, which every page writes into its HTML"
          : `app/globals.css is missing from: ${withoutStylesheet.join(", ")}`,
    },
    { ok: page?.runtime === runtime, text: `the page / is a ${runtime} function (got ${page?.runtime ?? "none"})` },
    { ok: notFound !== undefined, text: "the 404 page is a function (it renders per request, with the nonce)" },
    { ok: proxy !== undefined, text: "the proxy (proxy.ts) is a function: _middleware.func" },
    {
      ok: routes.some((route) => route.middlewarePath === "/_middleware" && route.src !== undefined && new RegExp(route.src).test("/")),
      text: "the routes send pages through the proxy (a route with middlewarePath /_middleware matching /)",
    },
  ];
}

function hasHeaders(routes: Route[], path: string, expected: Readonly<Record<string, string>>): boolean {
  const matching = routes.filter((route) => route.headers && route.src !== undefined && new RegExp(route.src).test(path));
  return Object.entries(expected).every(([name, value]) =>
    matching.some((route) => Object.entries(route.headers!).some(([key, sent]) => key.toLowerCase() === name.toLowerCase() && sent === value)),
  );
}

export function checkSecurityHeaders(output: string): OutputCheck[] {
  const routes = readJson<{ routes: Route[] }>(join(output, "config.json")).routes;
  return [
    { ok: hasHeaders(routes, "/", COMMON_SECURITY_HEADERS), text: "the common security headers are in the routes config for /" },
    { ok: hasHeaders(routes, "/api/chat", { ...COMMON_SECURITY_HEADERS, ...API_SECURITY_HEADERS }), text: "the API's deny-all policy and the common headers are in the routes config for /api/chat" },
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

export function checkNoKeyInStatic(output: string, marker: string): OutputCheck[] {
  const files = filesUnder(join(output, "static"));
  const leaking = files.filter((file) => readFileSync(file).includes(marker));
  return [
    {
      ok: files.length > 0 && leaking.length === 0,
      text:
        leaking.length > 0
          ? `the key is in static files: ${leaking.map((file) => relative(output, file)).join(", ")}`
          : `no static file holds the key (${files.length} files read)`,
    },
  ];
}
