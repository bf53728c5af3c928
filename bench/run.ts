// `npm run bench`: the stream through our route against the same stream direct from the stand-in, through a
// bare node:http proxy and through the simplest Next.js route handler; the page's client rendering against a
// naive renderer; the page against a bare Next.js page (first-load JavaScript, Lighthouse's mobile preset, a
// throttled first visit and first reply); all in one run, on loopback, as ratios.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, release } from "node:os";
import { measureClientRendering } from "./client-render.ts";
import type { RenderFigures } from "./client/main.tsx";
import { measureFirstReply, PHONE_THROTTLING, type FirstReplyFigures } from "./first-reply.ts";
import { HISTORY, measureStoredHistory, type StoredHistoryRuns } from "./stored-history.ts";
import { compareLighthouse, type LighthouseSummary } from "./lighthouse.ts";
import { percentile, runStreams, type FailureKind, type RunResult } from "./load.ts";
import { embedScriptGzipBytes } from "../lib/embed/script.ts";
import { buildIfNeeded, prepareBareNext } from "./bare-next.ts";
import { firstLoadJs } from "./page-weight.ts";
import { measurePageViews, type PageViewFigures } from "./page-views.ts";
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
process.on("SIGTERM", () => process.exit(143));

type TargetName = "direct" | "bare" | "naive" | "route";
type Target = { name: TargetName; url: string; path: string; pid: () => number };

interface PhaseFigures {
  errors: number;
  failures: Partial<Record<FailureKind, number>>;
  cpuMsPerReply: number;
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

function figures(run: RunResult, proc: { peakRssMb: number; cpuPercent: number; cpuSeconds: number }): PhaseFigures {
  return {
    errors: run.errors,
    failures: run.failures,
    cpuMsPerReply: (proc.cpuSeconds * 1000) / run.streams,
    streams: run.streams,
    chunksPerSecond: run.chunks / run.seconds,
    ttfbP50: percentile(run.ttfbMs, 50),
    ttfbP95: percentile(run.ttfbMs, 95),
    delayP50: percentile(run.delaysMs, 50),
    delayP99: percentile(run.delaysMs, 99),
    coalescing: run.chunks > 0 ? run.reads / run.chunks : NaN,
    peakRssMb: proc.peakRssMb,
    cpuPercent: proc.cpuPercent,
  };
}

const PHASES = [
  { name: "ttfb, concurrency 1", concurrency: 1, total: 200, chunks: 3, delayMs: 0 },
  { name: "concurrency 1", concurrency: 1, total: 10, chunks: 50, delayMs: 10 },
  { name: "concurrency 100", concurrency: 100, total: 100, chunks: 50, delayMs: 20 },
  // CPU per reply: 200 replies of 20 chunks in flight at once, three rounds for enough CPU time to read.
  { name: "concurrency 200", concurrency: 200, total: 600, chunks: 20, delayMs: 20 },
  { name: "concurrency 500", concurrency: 500, total: 500, chunks: 20, delayMs: 50 },
  { name: "concurrency 1000", concurrency: 1_000, total: 1_000, chunks: 10, delayMs: 100 },
];

/** `--only=server,pages,client,replies` runs some sections; every section runs by default. */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (section: "server" | "pages" | "client" | "replies") => !only || only.includes(section);

type Results = Parameters<typeof printTable>[0];

/** Written after every section, so a section that fails leaves the figures of those before it. */
function save(results: Results) {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
}

async function main() {
  const startedAt = Date.now();
  const results: Results = {
    ranAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.version },
  };
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
  const bareNext = start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.bareNext)], { CHATBASE_API_KEY: KEY, CHATBASE_BASE_URL: `http://127.0.0.1:${PORTS.standin}` }, bareNextDir);
  await Promise.all([
    waitFor(`http://127.0.0.1:${PORTS.standin}/__standin/requests`),
    waitFor(`http://127.0.0.1:${PORTS.bare}/`, "POST"),
    waitFor(`http://127.0.0.1:${PORTS.app}/api/health`),
    waitFor(`http://127.0.0.1:${PORTS.bareNext}/`),
  ]);

  const targets: Target[] = [
    { name: "direct", url: `http://127.0.0.1:${PORTS.standin}`, path: "/api/v1/chat", pid: () => standin.pid! },
    { name: "bare", url: `http://127.0.0.1:${PORTS.bare}`, path: "/", pid: () => bare.pid! },
    { name: "naive", url: `http://127.0.0.1:${PORTS.bareNext}`, path: "/api/naive", pid: () => bareNext.pid! },
    { name: "route", url: `http://127.0.0.1:${PORTS.app}`, path: "/api/chat", pid: () => app.pid! },
  ];
  if (wanted("server")) {
    // Warm every path (JIT, connection pools, the route's first compile of lazy modules) before measuring.
    for (const target of targets) await runStreams(target.url, target.path, { concurrency: 20, total: 100, chunks: 5, delayMs: 0, apiKey: KEY });
    const server: Record<string, Record<TargetName, PhaseFigures>> = {};
    for (const phase of PHASES) {
      server[phase.name] = {} as Record<TargetName, PhaseFigures>;
      for (const target of targets) {
        const watch = watchProcess(target.pid());
        const run = await runStreams(target.url, target.path, { ...phase, apiKey: KEY });
        server[phase.name][target.name] = figures(run, watch.stop());
        process.stderr.write(`  ${phase.name}: ${target.name} done (${run.errors} errors)\n`);
      }
    }
    results.server = server;
    save(results);
  }

  if (wanted("pages")) {
    const pages = { ours: `http://127.0.0.1:${PORTS.app}/`, bare: `http://127.0.0.1:${PORTS.bareNext}/` };
    results.pageWeight = { route: await firstLoadJs(pages.ours), bareNext: await firstLoadJs(pages.bare), embedJs: { gzipBytes: embedScriptGzipBytes() } };
    // Our page renders per request (its CSP nonce); the bare page is prerendered: what each view costs the server.
    results.pageViews = { ours: await measurePageViews(pages.ours, app.pid!), bare: await measurePageViews(pages.bare, bareNext.pid!) };
    process.stderr.write("  Lighthouse, 3 runs of each page …\n");
    results.lighthouse = await compareLighthouse(pages, 3);
    save(results);
    process.stderr.write("  Lighthouse with applied throttling, 3 runs of each page …\n");
    results.lighthouseApplied = await compareLighthouse(pages, 3, "devtools");
    save(results);
    process.stderr.write("  first visit and first reply under phone throttling …\n");
    results.firstReply = { throttling: PHONE_THROTTLING, ...(await measureFirstReply(pages.ours, pages.bare, 3)) };
    save(results);
    process.stderr.write(`  opening the page with ${HISTORY.conversations} × ${HISTORY.messages} stored, and with none …\n`);
    results.storedHistory = (await measureStoredHistory({ ours: pages.ours })).ours;
    save(results);
  }
  stopAll();

  if (wanted("replies")) {
    // Its own servers, on ports from E2E_PORT_BASE, and its own table.
    spawnSync(process.execPath, ["bench/held-replies.ts"], { env, stdio: "inherit" });
  }

  if (wanted("client")) {
    process.stderr.write("  client rendering …\n");
    results.client = await measureClientRendering();
  }
  results.seconds = Math.round((Date.now() - startedAt) / 1000);
  save(results);
  printTable(results);
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b !== 0 ? `${(a / b).toFixed(2)}×` : "–");
const median = (values: number[]) => percentile(values, 50);

function printRows(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join("  "));
}

const failuresText = (f: PhaseFigures) =>
  Object.entries(f.failures)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ") || "0";

function printTable(results: {
  ranAt: string;
  machine: Record<string, unknown>;
  server?: Record<string, Record<TargetName, PhaseFigures>>;
  pageWeight?: { route: { gzipBytes: number }; bareNext: { gzipBytes: number }; embedJs: { gzipBytes: number } };
  pageViews?: Record<"ours" | "bare", PageViewFigures>;
  lighthouse?: Record<"ours" | "bare", LighthouseSummary>;
  lighthouseApplied?: Record<"ours" | "bare", LighthouseSummary>;
  firstReply?: { throttling: typeof PHONE_THROTTLING; ours: FirstReplyFigures[]; bareLcpMs: number[] };
  storedHistory?: StoredHistoryRuns;
  client?: Record<"ours" | "naive", RenderFigures>;
  seconds?: number;
}) {
  if (results.server) printServer(results.server, results.machine);
  if (results.pageViews) {
    const { ours, bare } = results.pageViews;
    console.log("\nA page view on the server (300 GETs of /, 10 at a time)\n");
    printRows([
      ["figure", "bare Next.js page (static)", "ours (rendered per request)", "ours / bare"],
      ["TTFB p50 (ms)", ms(bare.ttfbP50Ms), ms(ours.ttfbP50Ms), ratio(ours.ttfbP50Ms, bare.ttfbP50Ms)],
      ["TTFB p95 (ms)", ms(bare.ttfbP95Ms), ms(ours.ttfbP95Ms), ratio(ours.ttfbP95Ms, bare.ttfbP95Ms)],
      ["server CPU per view (ms)", ms(bare.cpuMsPerView), ms(ours.cpuMsPerView), ratio(ours.cpuMsPerView, bare.cpuMsPerView)],
      ["HTML bytes", String(bare.bytes), String(ours.bytes), ratio(ours.bytes, bare.bytes)],
    ]);
  }
  if (results.lighthouse) printLighthouse(results.lighthouse, "mobile preset (simulated slow 4G, 4× CPU)", true);
  if (results.lighthouseApplied) {
    printLighthouse(results.lighthouseApplied, "mobile preset with the throttling applied to the browser and measured (--throttling-method=devtools)", false);
  }
  if (results.firstReply) printFirstReply(results.firstReply);
  if (results.storedHistory) printStoredHistory(results.storedHistory);
  if (results.client) printClient(results.client);
  if (results.pageWeight) {
    const { route, bareNext, embedJs } = results.pageWeight;
    console.log(
      `\nFirst-load JavaScript of / (gzip): ours ${(route.gzipBytes / 1024).toFixed(1)} KiB, bare Next.js page ${(bareNext.gzipBytes / 1024).toFixed(1)} KiB, ratio ${ratio(route.gzipBytes, bareNext.gzipBytes)} (target ≤ 1.25×)`,
    );
    console.log(`embed.js (gzip): ${embedJs.gzipBytes} B (target ≤ 4096 B)`);
  }
  console.log(`\nFinished in ${results.seconds} s; figures in bench/results/latest.json`);
}

function printServer(server: Record<string, Record<TargetName, PhaseFigures>>, machine: Record<string, unknown>) {
  const rows: string[][] = [["figure", "direct", "bare proxy", "naive route", "our route", "ours / bare", "ours / naive", "target"]];
  const row = (label: string, pick: (f: PhaseFigures) => number, phase: string, target = "", format = ms) => {
    const f = server[phase];
    const [direct, bare, naive, route] = (["direct", "bare", "naive", "route"] as const).map((name) => pick(f[name]));
    rows.push([label, format(direct), format(bare), format(naive), format(route), ratio(route, bare), ratio(route, naive), target]);
  };
  const ttfb = "ttfb, concurrency 1";
  const f1 = server[ttfb];
  rows.push([
    "TTFB p50 (ms), c=1",
    ms(f1.direct.ttfbP50),
    ms(f1.bare.ttfbP50),
    ms(f1.naive.ttfbP50),
    ms(f1.route.ttfbP50),
    `${signed(ms(f1.route.ttfbP50 - f1.bare.ttfbP50))} ms`,
    `${signed(ms(f1.route.ttfbP50 - f1.naive.ttfbP50))} ms`,
    "≤ +5 ms (bare)",
  ]);
  row("TTFB p95 (ms), c=1", (f) => f.ttfbP95, ttfb);
  row("chunk delay p50 (ms), c=1", (f) => f.delayP50, "concurrency 1");
  row("chunk delay p99 (ms), c=1", (f) => f.delayP99, "concurrency 1");
  row("coalescing (reads/chunks), c=1", (f) => f.coalescing, "concurrency 1", "≥ 0.95");
  for (const phase of ["concurrency 100", "concurrency 200", "concurrency 500", "concurrency 1000"]) {
    const c = phase.replace("concurrency ", "c=");
    row(`chunk delay p50 (ms), ${c}`, (f) => f.delayP50, phase);
    row(`chunk delay p99 (ms), ${c}`, (f) => f.delayP99, phase, c === "c=100" ? "≤ 1.2× naive" : "");
    row(`CPU per reply (ms), ${c}`, (f) => f.cpuMsPerReply, phase, c === "c=200" ? "≤ 1.1× naive" : "");
    const f = server[phase];
    rows.push([`failed streams, ${c}`, failuresText(f.direct), failuresText(f.bare), failuresText(f.naive), failuresText(f.route), "", "", c === "c=500" || c === "c=1000" ? "0" : ""]);
    row(`chunks/s, ${c}`, (f) => f.chunksPerSecond, phase, "", (v) => v.toFixed(0));
    row(`server peak RSS (MB), ${c}`, (f) => f.peakRssMb, phase, c === "c=500" ? "≤ 350" : "", (v) => v.toFixed(0));
    row(`server CPU (% of a core), ${c}`, (f) => f.cpuPercent, phase, "", (v) => v.toFixed(0));
  }
  console.log(`\nServer (loopback stand-in; ${JSON.stringify(machine)})\n`);
  printRows(rows);
}

/** A difference as printed: "+5", "−5" (never "+-5"). */
function signed(figure: string): string {
  return figure.startsWith("-") ? `−${figure.slice(1)}` : `+${figure}`;
}

function printLighthouse({ ours: lo, bare: lb }: Record<"ours" | "bare", LighthouseSummary>, how: string, simulated: boolean) {
  console.log(`\nLighthouse, ${how}, median of 3 runs each, alternating\n`);
  printRows([
    ["figure", "bare Next.js page", "ours", "ours / bare", "target"],
    ["performance score", lb.performance.toFixed(2), lo.performance.toFixed(2), "", "≥ 0.95"],
    ["accessibility score", lb.accessibility.toFixed(2), lo.accessibility.toFixed(2), "", "1.00"],
    ["first contentful paint (ms)", lb.fcpMs.toFixed(0), lo.fcpMs.toFixed(0), ratio(lo.fcpMs, lb.fcpMs), ""],
    ["largest contentful paint (ms)", lb.lcpMs.toFixed(0), lo.lcpMs.toFixed(0), ratio(lo.lcpMs, lb.lcpMs), "≤ 1.3×"],
    ["total blocking time (ms)", lb.totalBlockingMs.toFixed(0), lo.totalBlockingMs.toFixed(0), `${signed((lo.totalBlockingMs - lb.totalBlockingMs).toFixed(0))} ms`, "≤ +100 ms"],
    ["cumulative layout shift", lb.cls.toFixed(3), lo.cls.toFixed(3), "", "≤ 0.02"],
  ]);
  // Each run's race between the first paint and the scripts, which the simulated LCP turns on (see lighthouse.ts).
  if (!simulated) return;
  console.log("\nEach run: the first paint Lighthouse saw at full speed, and the scripts that had finished downloading by then\n");
  const runRows = [["run", "page", "LCP (ms)", "server response (ms)", "observed paint (ms)", "scripts finished / asked for by then"]];
  lo.runs.forEach((run, index) => {
    for (const [page, figures] of [["bare", lb.runs[index]], ["ours", run]] as const) {
      runRows.push([
        String(index + 1),
        page,
        figures.lcpMs.toFixed(0),
        figures.serverResponseMs.toFixed(0),
        figures.observedPaintMs.toFixed(0),
        `${figures.scriptsFinished} / ${figures.scriptsRequested}`,
      ]);
    }
  });
  printRows(runRows);
}

function printFirstReply(firstReply: { ours: FirstReplyFigures[]; bareLcpMs: number[] }) {
  const fr = firstReply.ours;
  const bareLcp = median(firstReply.bareLcpMs);
  const firstSend = median(fr.map((f) => f.firstSendMs));
  const secondSend = median(fr.map((f) => f.secondSendMs));
  const idleFirst = median(fr.map((f) => f.idleFirstSendMs));
  const box = median(fr.map((f) => f.messageBoxMs));
  console.log("\nFirst visit on a throttled phone (Chromium: 150 ms, 1.6 Mbit/s down, 750 kbit/s up, 4× CPU), median of 3\n");
  printRows([
    ["figure", "bare Next.js page", "ours", "", "target"],
    ["largest contentful paint (ms)", bareLcp.toFixed(0), median(fr.map((f) => f.lcpMs)).toFixed(0), "", ""],
    ["Message box on screen (ms)", "", box.toFixed(0), `${ratio(box, bareLcp)} bare LCP`, "≤ 1.3× bare LCP"],
    ["Send → first word, first message sent at once (ms)", "", firstSend.toFixed(0), `second ${signed((firstSend - secondSend).toFixed(0))} ms`, "≤ second + 300 ms (stretch + 100)"],
    ["Send → first word, first message after 3 s idle (ms)", "", idleFirst.toFixed(0), `second ${signed((idleFirst - secondSend).toFixed(0))} ms`, "≤ second + 100 ms"],
    ["Send → first word, second message (ms)", "", secondSend.toFixed(0), "", ""],
  ]);
}

function printStoredHistory({ empty, stored }: StoredHistoryRuns) {
  console.log(`\nOpening the page with ${HISTORY.conversations} conversations × ${HISTORY.messages} messages stored, against none (4× CPU), median of ${empty.length}\n`);
  const ready = { empty: median(empty.map((f) => f.readyMs)), stored: median(stored.map((f) => f.readyMs)) };
  const blocking = { empty: median(empty.map((f) => f.blockingMs)), stored: median(stored.map((f) => f.blockingMs)) };
  printRows([
    ["figure", "none stored", "stored", "", "target"],
    ["page ready (ms)", ready.empty.toFixed(0), ready.stored.toFixed(0), ratio(ready.stored, ready.empty), "≤ 1.15×"],
    ["main-thread blocking (ms)", blocking.empty.toFixed(0), blocking.stored.toFixed(0), `${signed((blocking.stored - blocking.empty).toFixed(0))} ms`, "≤ none + 50 ms"],
  ]);
}

function printClient({ ours, naive }: Record<"ours" | "naive", RenderFigures>) {
  console.log("\nClient rendering: 40 KB Markdown in 2,000 chunks (headless Chromium)\n");
  printRows([
    ["figure", "naive", "ours", "ours / naive", "target"],
    ["long tasks", String(naive.longTasks), String(ours.longTasks), "", ""],
    ["longest task (ms)", ms(naive.longestTaskMs), ms(ours.longestTaskMs), "", "≤ 50"],
    ["total blocking time (ms)", ms(naive.totalBlockingMs), ms(ours.totalBlockingMs), ratio(ours.totalBlockingMs, naive.totalBlockingMs), "≤ 0.10×"],
    ["stream lag behind the chunks (ms)", ms(naive.streamLagMs), ms(ours.streamLagMs), ratio(ours.streamLagMs, naive.streamLagMs), ""],
    ["last chunk to final render (ms)", ms(naive.finalRenderMs), ms(ours.finalRenderMs), "", ""],
  ]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
