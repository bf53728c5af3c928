// `npm run bench`: the stream through our route against the same stream direct from the stand-in and
// through a bare node:http proxy, the page's client rendering against a naive renderer, and the page's
// first-load JavaScript against a bare Next.js page; all in one run, on loopback, as ratios.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, release } from "node:os";
import { measureClientRendering } from "./client-render.ts";
import { percentile, runStreams, type RunResult } from "./load.ts";
import { firstLoadJs } from "./page-weight.ts";
import { watchProcess } from "./proc.ts";

const PORTS = { standin: 3310, bare: 3311, app: 3312, bareNext: 3313 };
const KEY = "sk-bench-key";
const BOT = "bench-bot";
const NEXT_BIN = `${process.cwd()}/node_modules/next/dist/bin/next`;
const children: ChildProcess[] = [];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function start(command: string[], extraEnv: Record<string, string> = {}, cwd = process.cwd()): ChildProcess {
  const child = spawn(process.execPath, command, { cwd, env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

async function waitFor(url: string, method = "GET") {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, { method });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopAll() {
  for (const child of children) child.kill("SIGTERM");
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

function buildIfNeeded(cwd: string) {
  if (existsSync(`${cwd}/.next/BUILD_ID`)) return;
  console.log(`building ${cwd} …`);
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`next build failed in ${cwd}`);
}

/** A Next.js app with one static page and nothing else: the framework's own floor, same versions. */
function prepareBareNext(): string {
  const dir = "bench/.bare-next";
  mkdirSync(`${dir}/app`, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ private: true, type: "module" }));
  writeFileSync(`${dir}/next.config.js`, "export default { poweredByHeader: false };\n");
  writeFileSync(`${dir}/app/layout.js`, 'export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n');
  writeFileSync(`${dir}/app/page.js`, "export default function Page() {\n  return <main>Hello</main>;\n}\n");
  buildIfNeeded(dir);
  return dir;
}

type Target = { name: "direct" | "bare" | "route"; url: string; path: string; pid: () => number };

interface PhaseFigures {
  errors: number;
  streams: number;
  chunksPerSecond: number;
  ttfbP50: number;
  ttfbP95: number;
  delayP50: number;
  delayP99: number;
  coalescing: number;
  peakRssMb: number;
  cpuPercent: number;
}

function figures(run: RunResult, proc: { peakRssMb: number; cpuPercent: number }): PhaseFigures {
  return {
    errors: run.errors,
    streams: run.streams,
    chunksPerSecond: run.chunks / run.seconds,
    ttfbP50: percentile(run.ttfbMs, 50),
    ttfbP95: percentile(run.ttfbMs, 95),
    delayP50: percentile(run.delaysMs, 50),
    delayP99: percentile(run.delaysMs, 99),
    coalescing: run.chunks > 0 ? run.reads / run.chunks : NaN,
    ...proc,
  };
}

const PHASES = [
  { name: "ttfb, concurrency 1", concurrency: 1, total: 200, chunks: 3, delayMs: 0 },
  { name: "concurrency 1", concurrency: 1, total: 10, chunks: 50, delayMs: 10 },
  { name: "concurrency 100", concurrency: 100, total: 100, chunks: 50, delayMs: 20 },
  { name: "concurrency 500", concurrency: 500, total: 500, chunks: 20, delayMs: 50 },
  { name: "concurrency 1000", concurrency: 1_000, total: 1_000, chunks: 10, delayMs: 100 },
];

async function main() {
  const startedAt = Date.now();
  buildIfNeeded(".");
  const bareNextDir = prepareBareNext();

  const standin = start(["lib/chatbase/standin/cli.ts", "--port", String(PORTS.standin), "--api-key", KEY, "--chatbot-id", BOT, "--delay", "0"]);
  const bare = start(["bench/bare-proxy.ts", "--port", String(PORTS.bare), "--upstream", `http://127.0.0.1:${PORTS.standin}`]);
  const app = start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.app)], {
    CHATBASE_API_KEY: KEY,
    CHATBASE_CHATBOT_ID: BOT,
    CHATBASE_BASE_URL: `http://127.0.0.1:${PORTS.standin}`,
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_PER_DAY: "0",
  });
  start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.bareNext)], {}, bareNextDir);
  await Promise.all([
    waitFor(`http://127.0.0.1:${PORTS.standin}/__standin/requests`),
    waitFor(`http://127.0.0.1:${PORTS.bare}/`, "POST"),
    waitFor(`http://127.0.0.1:${PORTS.app}/api/health`),
    waitFor(`http://127.0.0.1:${PORTS.bareNext}/`),
  ]);

  const targets: Target[] = [
    { name: "direct", url: `http://127.0.0.1:${PORTS.standin}`, path: "/api/v1/chat", pid: () => standin.pid! },
    { name: "bare", url: `http://127.0.0.1:${PORTS.bare}`, path: "/", pid: () => bare.pid! },
    { name: "route", url: `http://127.0.0.1:${PORTS.app}`, path: "/api/chat", pid: () => app.pid! },
  ];
  // Warm every path (JIT, connection pools, the route's first compile of lazy modules) before measuring.
  for (const target of targets) await runStreams(target.url, target.path, { concurrency: 20, total: 100, chunks: 5, delayMs: 0, apiKey: KEY });

  const server: Record<string, Record<string, PhaseFigures>> = {};
  for (const phase of PHASES) {
    server[phase.name] = {};
    for (const target of targets) {
      const watch = watchProcess(target.pid());
      const run = await runStreams(target.url, target.path, { ...phase, apiKey: KEY });
      server[phase.name][target.name] = figures(run, watch.stop());
      process.stderr.write(`  ${phase.name}: ${target.name} done (${run.errors} errors)\n`);
    }
  }

  const weight = { route: await firstLoadJs(`http://127.0.0.1:${PORTS.app}/`), bareNext: await firstLoadJs(`http://127.0.0.1:${PORTS.bareNext}/`) };
  stopAll();
  process.stderr.write("  client rendering …\n");
  const client = await measureClientRendering();

  const results = {
    ranAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - startedAt) / 1000),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.version },
    server,
    pageWeight: weight,
    client,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b !== 0 ? `${(a / b).toFixed(2)}×` : "–");

function printTable(results: {
  machine: Record<string, unknown>;
  server: Record<string, Record<string, PhaseFigures>>;
  pageWeight: { route: { gzipBytes: number }; bareNext: { gzipBytes: number } };
  client: Record<"ours" | "naive", { longTasks: number; longestTaskMs: number; totalBlockingMs: number; finalRenderMs: number; streamLagMs: number }>;
  seconds: number;
}) {
  const rows: string[][] = [["figure", "direct", "bare proxy", "route", "route / bare", "target"]];
  const row = (label: string, pick: (f: PhaseFigures) => number, phase: string, target = "", format = ms) => {
    const f = results.server[phase];
    rows.push([label, format(pick(f.direct)), format(pick(f.bare)), format(pick(f.route)), ratio(pick(f.route), pick(f.bare)), target]);
  };
  const ttfb = "ttfb, concurrency 1";
  const f1 = results.server[ttfb];
  rows.push(["TTFB p50 (ms), c=1", ms(f1.direct.ttfbP50), ms(f1.bare.ttfbP50), ms(f1.route.ttfbP50), `+${ms(f1.route.ttfbP50 - f1.bare.ttfbP50)} ms`, "≤ +5 ms"]);
  row("TTFB p95 (ms), c=1", (f) => f.ttfbP95, ttfb);
  row("chunk delay p50 (ms), c=1", (f) => f.delayP50, "concurrency 1");
  row("chunk delay p99 (ms), c=1", (f) => f.delayP99, "concurrency 1");
  row("coalescing (reads/chunks), c=1", (f) => f.coalescing, "concurrency 1", "≥ 0.95");
  for (const phase of ["concurrency 100", "concurrency 500", "concurrency 1000"]) {
    const c = phase.replace("concurrency ", "c=");
    row(`chunk delay p50 (ms), ${c}`, (f) => f.delayP50, phase);
    row(`chunk delay p99 (ms), ${c}`, (f) => f.delayP99, phase, c === "c=100" ? "≤ 2×" : "");
    row(`errors, ${c}`, (f) => f.errors, phase, c === "c=500" ? "0" : "", (v) => String(v));
    row(`chunks/s, ${c}`, (f) => f.chunksPerSecond, phase, "", (v) => v.toFixed(0));
    row(`server peak RSS (MB), ${c}`, (f) => f.peakRssMb, phase, c === "c=500" ? "≤ 350" : "", (v) => v.toFixed(0));
    row(`server CPU (% of a core), ${c}`, (f) => f.cpuPercent, phase, "", (v) => v.toFixed(0));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\nServer (loopback stand-in; ${JSON.stringify(results.machine)})\n`);
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join("  "));

  const { ours, naive } = results.client;
  console.log("\nClient rendering: 40 KB Markdown in 2,000 chunks (headless Chromium)\n");
  const client = [
    ["figure", "naive", "ours", "ours / naive", "target"],
    ["long tasks", String(naive.longTasks), String(ours.longTasks), "", ""],
    ["longest task (ms)", ms(naive.longestTaskMs), ms(ours.longestTaskMs), "", "≤ 50"],
    ["total blocking time (ms)", ms(naive.totalBlockingMs), ms(ours.totalBlockingMs), ratio(ours.totalBlockingMs, naive.totalBlockingMs), "≤ 0.10×"],
    ["stream lag behind the chunks (ms)", ms(naive.streamLagMs), ms(ours.streamLagMs), ratio(ours.streamLagMs, naive.streamLagMs), ""],
    ["last chunk to final render (ms)", ms(naive.finalRenderMs), ms(ours.finalRenderMs), "", ""],
  ];
  const cw = client[0].map((_, i) => Math.max(...client.map((r) => r[i].length)));
  for (const r of client) console.log(r.map((cell, i) => cell.padEnd(cw[i])).join("  "));

  const { route, bareNext } = results.pageWeight;
  console.log(
    `\nFirst-load JavaScript of / (gzip): ours ${(route.gzipBytes / 1024).toFixed(1)} KiB, bare Next.js page ${(bareNext.gzipBytes / 1024).toFixed(1)} KiB, ratio ${ratio(route.gzipBytes, bareNext.gzipBytes)} (target ≤ 1.25×)`,
  );
  console.log(`\nFinished in ${results.seconds} s; figures in bench/results/latest.json`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
