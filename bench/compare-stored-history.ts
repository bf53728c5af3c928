// `node bench/compare-stored-history.ts <previous build's folder> [runs]`: opening the page with 150 × 40 stored
// and with none, this build against a previous one (a checkout of an earlier commit, `npm ci` and `next build`
// done there), in one run, one open of each in turn. Ports from E2E_PORT_BASE (+90 to +92).
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { buildIfNeeded } from "./bare-next.ts";
import { percentile } from "./load.ts";
import { HISTORY, measureStoredHistory, type StoredHistoryRuns } from "./stored-history.ts";

const [previousDir, runsArg] = process.argv.slice(2);
if (!previousDir) throw new Error("usage: node bench/compare-stored-history.ts <previous build's folder> [runs]");
const runs = Number(runsArg ?? 11);
const BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
const PORTS = { standin: BASE + 90, previous: BASE + 91, current: BASE + 92 };
const KEY = "sk-bench-key";
const BOT = "bench-bot";
const children: ChildProcess[] = [];

function start(command: string[], cwd: string, extraEnv: Record<string, string> = {}): void {
  children.push(spawn(process.execPath, command, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv }, stdio: ["ignore", "ignore", "inherit"] }));
}
process.on("exit", () => children.forEach((child) => child.kill("SIGTERM")));
process.on("SIGINT", () => process.exit(130));

async function waitFor(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} did not come up`);
}

const dirs = { previous: resolve(previousDir), current: process.cwd() };
buildIfNeeded(dirs.current);
start(["lib/chatbase/standin/cli.ts", "--port", String(PORTS.standin), "--api-key", KEY, "--chatbot-id", BOT, "--delay", "0"], dirs.current);
for (const name of ["previous", "current"] as const) {
  start([`${dirs[name]}/node_modules/next/dist/bin/next`, "start", "--hostname", "127.0.0.1", "--port", String(PORTS[name])], dirs[name], {
    CHATBASE_API_KEY: KEY,
    CHATBASE_CHATBOT_ID: BOT,
    CHATBASE_BASE_URL: `http://127.0.0.1:${PORTS.standin}`,
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_PER_DAY: "0",
  });
}
await Promise.all([waitFor(`http://127.0.0.1:${PORTS.previous}/api/health`), waitFor(`http://127.0.0.1:${PORTS.current}/api/health`)]);
const figures = await measureStoredHistory({ previous: `http://127.0.0.1:${PORTS.previous}/`, current: `http://127.0.0.1:${PORTS.current}/` }, runs);

const median = (values: number[]) => percentile(values, 50);
const row = (name: string, { empty, stored }: StoredHistoryRuns) => {
  const ready = { empty: median(empty.map((f) => f.readyMs)), stored: median(stored.map((f) => f.readyMs)) };
  const blocking = { empty: median(empty.map((f) => f.blockingMs)), stored: median(stored.map((f) => f.blockingMs)) };
  const delta = blocking.stored - blocking.empty;
  return [name, `${ready.empty.toFixed(0)} / ${ready.stored.toFixed(0)} (${(ready.stored / ready.empty).toFixed(2)}×)`, `${blocking.empty.toFixed(0)} / ${blocking.stored.toFixed(0)} (${delta >= 0 ? "+" : ""}${delta.toFixed(0)} ms)`];
};
console.log(`\nOpening the page with ${HISTORY.conversations} × ${HISTORY.messages} stored and with none (4× CPU), medians of ${runs} opens each, alternating\n`);
const rows = [["build", "ready: none / stored", "main-thread blocking: none / stored"], row(`previous (${previousDir})`, figures.previous), row("this one", figures.current)];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join("  "));
for (const [name, { empty, stored }] of Object.entries(figures) as [string, StoredHistoryRuns][]) {
  console.log(`  ${name}, blocking per open: none ${empty.map((f) => f.blockingMs.toFixed(0)).join(", ")}; stored ${stored.map((f) => f.blockingMs.toFixed(0)).join(", ")}`);
}
process.exit(0);
