// Held replies (`npm run bench`, or alone: `node bench/held-replies.ts`), against the built app and the naive
// route on loopback, ports from E2E_PORT_BASE: the server's memory with 1,000 finished 10 KB replies held, and
// CPU per reply with holding on against the naive route, for plain-text and event-stream clients, each in the
// bench's request shape (one message) and a browser's (Origin, Sec-Fetch-Site, Accept-Language, a short history, a
// visitor id).
// `--compare=<dir>` also measures the app built in <dir> (another checkout of this repository, `next build` run
// there) in the same rounds, so a change's CPU figures come with the build before it side by side.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { buildIfNeeded, prepareBareNext } from "./bare-next.ts";
import { watchProcess } from "./proc.ts";
import { measureReconnect, type ReconnectFigures } from "./reconnect.ts";

const BASE = Number(process.env.E2E_PORT_BASE ?? 3100) + 70;
const PORTS = { standin: BASE, app: BASE + 1, naive: BASE + 2, compared: BASE + 3 };
const KEY = "sk-bench-replies-key";
const NEXT_BIN = `${process.cwd()}/node_modules/next/dist/bin/next`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const children: ChildProcess[] = [];

function start(command: string[], extraEnv: Record<string, string> = {}, cwd = process.cwd()): ChildProcess {
  const child = spawn(process.execPath, command, { cwd, env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}
const stopAll = () => children.forEach((child) => child.kill("SIGTERM"));
process.on("exit", stopAll);

async function waitFor(url: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One request, its body read to the end; resolves with the body's text. */
function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (piece: string) => (text += piece));
      res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function many(total: number, concurrency: number, one: (index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
}

type Shape = "bench" | "browser";
type Kind = "plain" | "events";

type Target = "naive" | "route" | "compared";

function requestFor(target: Target, shape: Shape, kind: Kind, content: string, index: number) {
  const port = target === "naive" ? PORTS.naive : target === "compared" ? PORTS.compared : PORTS.app;
  const url = `http://127.0.0.1:${port}${target === "naive" ? "/api/naive" : "/api/chat"}`;
  const origin = `http://127.0.0.1:${port}`;
  const history = shape === "browser" ? [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello! How can I help?" }] : [];
  const body = JSON.stringify({
    messages: [...history, { role: "user", content }],
    ...(target === "naive" ? { chatbotId: "bench-bot", stream: true } : {}),
    // The page always sends its visitor id; a reply read as events with one is held.
    ...(kind === "events" || shape === "browser" ? { visitorId: `v-bench-${index % 50}` } : {}),
  });
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
  if (kind === "events") headers.accept = "text/event-stream";
  if (shape === "browser") Object.assign(headers, { origin, "sec-fetch-site": "same-origin", "accept-language": "en-US,en;q=0.9" });
  return { url, body, headers };
}

/** 200 replies of 20 chunks 20 ms apart in flight at once, three rounds, as `npm run bench` measures CPU per reply. */
/** Replies the CPU rounds lost on the way (a loaded machine's loopback resets a connection now and then): counted, not retried. */
let cpuFailures = 0;

async function cpuPerReply(target: Target, pid: number, shape: Shape, kind: Kind): Promise<number> {
  const content = "[[reply=clock words=20 delay=20]] bench";
  const total = 600;
  const one = (i: number) => {
    const { url, body, headers } = requestFor(target, shape, kind, content, i);
    return post(url, body, headers).catch(() => cpuFailures++);
  };
  await many(100, 50, one);
  const watch = watchProcess(pid);
  await many(total, 200, one);
  return (watch.stop().cpuSeconds * 1000) / total;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const compareDir = process.argv.find((arg) => arg.startsWith("--compare="))?.slice("--compare=".length);

/** `--only=reconnect,memory,cpu` runs some parts; all run by default. */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (part: "reconnect" | "memory" | "cpu") => !only || only.includes(part);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, then the spread: lowest–highest of all runs. */
const spread = (values: number[]) => `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;

function reconnectRows(figures: ReconnectFigures): string[][] {
  const runs = figures.sendMs.length;
  return [
    [`Enter → first word, intact connection, ms (baseline; median of ${runs}, lowest–highest)`, spread(figures.sendMs), ""],
    ["reconnection → next word, proxy reopened (no online event), ms", spread(figures.reopenedMs), "≤ 300"],
    ["reconnection → next word, online event, ms", spread(figures.onlineMs), "≤ 300"],
  ];
}

async function main() {
  buildIfNeeded(".");
  const naiveDir = prepareBareNext();
  start(["lib/chatbase/standin/cli.ts", "--port", String(PORTS.standin), "--api-key", KEY, "--chatbot-id", "bench-bot", "--delay", "0"]);
  const appEnv = {
    CHATBASE_API_KEY: KEY,
    CHATBASE_CHATBOT_ID: "bench-bot",
    CHATBASE_BASE_URL: `http://127.0.0.1:${PORTS.standin}`,
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_PER_DAY: "0",
  };
  const app = start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.app)], appEnv);
  const compared = compareDir ? start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.compared)], appEnv, compareDir) : undefined;
  const naive = start([NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(PORTS.naive)], { CHATBASE_API_KEY: KEY, CHATBASE_BASE_URL: `http://127.0.0.1:${PORTS.standin}` }, naiveDir);
  await Promise.all([
    waitFor(`http://127.0.0.1:${PORTS.standin}/__standin/requests`),
    waitFor(`http://127.0.0.1:${PORTS.app}/api/health`),
    waitFor(`http://127.0.0.1:${PORTS.naive}/`),
    ...(compared ? [waitFor(`http://127.0.0.1:${PORTS.compared}/api/health`)] : []),
  ]);

  const rows = [["figure", "value", "target"]];
  if (wanted("reconnect")) {
    process.stderr.write("  reconnection → next word, in Chromium behind a cutting proxy …\n");
    rows.push(...reconnectRows(await measureReconnect(PORTS.app)));
  }
  if (wanted("memory")) rows.push(...(await heldMemory(app.pid!)));
  if (wanted("cpu")) rows.push(...(await cpuRows(app.pid!, naive.pid!, compared?.pid)));
  stopAll();

  console.log("\nHeld replies (a reply outlives its connection)\n");
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
}

/**
 * A thousand finished replies of about 10 KB of text each, a word per event, all held. The same thousand not
 * held come first, so that what the heap grows by for serving them is not counted.
 */
async function heldMemory(pid: number): Promise<string[][]> {
  const reply = "[[words=1600 delay=1]] long answer";
  // A loaded machine's loopback may reset a connection now and then; such a reply is counted, not retried.
  let failed = 0;
  await many(1_000, 50, (i) => {
    // The same event stream without a visitor id: served alike, not held.
    const { url, body, headers } = requestFor("route", "bench", "plain", reply, i);
    return post(url, body, { ...headers, accept: "text/event-stream" }).catch(() => failed++);
  });
  await sleep(2_000);
  const before = rssMb(pid);
  let events = 0;
  let bytes = 0;
  let held = 0;
  await many(1_000, 50, async (i) => {
    const { url, body, headers } = requestFor("route", "browser", "events", reply, i);
    const text = await post(url, body, headers).catch(() => "");
    if (!text.includes('"type":"finish"')) return void failed++;
    held += 1;
    events += text.split("\n\n").length - 2;
    bytes += text.length;
  });
  await sleep(2_000);
  const after = rssMb(pid);
  return [
    ["server RSS after 1,000 such replies not held (MB)", before.toFixed(1), ""],
    [`server RSS with ${held} more finished replies held (MB)`, after.toFixed(1), ""],
    ["growth for 1,000 held replies (MB)", (((after - before) * 1_000) / Math.max(held, 1)).toFixed(1), "≤ 64"],
    ["events per reply / bytes sent per reply", `${Math.round(events / Math.max(held, 1))} / ${Math.round(bytes / Math.max(held, 1))}`, ""],
    ["replies that failed on the way (of 2,000)", String(failed), "0"],
  ];
}

const CPU_ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 5);

/**
 * CPU per reply, each configuration measured once a round and the order turned round by round, so that a
 * machine busy for a while weighs on all alike; a ratio is the median of the rounds' ratios, each against the
 * naive route measured in that round.
 */
async function cpuRows(appPid: number, naivePid: number, comparedPid?: number): Promise<string[][]> {
  const routes = [
    { target: "route" as const, pid: appPid, label: "" },
    ...(comparedPid ? [{ target: "compared" as const, pid: comparedPid, label: ` (${compareDir})` }] : []),
  ];
  const configs = (["bench", "browser"] as const).flatMap((shape) => [
    { key: `naive ${shape}`, run: () => cpuPerReply("naive", naivePid, shape, "plain") },
    ...routes.flatMap(({ target, pid }) =>
      (["plain", "events"] as const).map((kind) => ({ key: `${target} ${shape} ${kind}`, run: () => cpuPerReply(target, pid, shape, kind) })),
    ),
  ]);
  const rounds: Record<string, number>[] = [];
  for (let round = 0; round < CPU_ROUNDS; round++) {
    process.stderr.write(`  CPU per reply, round ${round + 1} of ${CPU_ROUNDS} …\n`);
    const figures: Record<string, number> = {};
    for (let i = 0; i < configs.length; i++) {
      const config = configs[(i + round) % configs.length];
      figures[config.key] = await config.run();
    }
    rounds.push(figures);
  }
  const ratios = (key: string, shape: string) => rounds.map((figures) => figures[key] / figures[`naive ${shape}`]);
  const cell = (key: string, shape: string) => {
    const r = ratios(key, shape);
    return `${median(rounds.map((figures) => figures[key])).toFixed(2)} (${median(r).toFixed(2)}× naive; rounds ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}×)`;
  };
  const rows: string[][] = [];
  for (const shape of ["bench", "browser"] as const) {
    const naive = rounds.map((figures) => figures[`naive ${shape}`]);
    rows.push([`CPU per reply (ms), naive route, ${shape} shape (median of ${CPU_ROUNDS} rounds)`, `${median(naive).toFixed(2)} (${Math.min(...naive).toFixed(2)}–${Math.max(...naive).toFixed(2)})`, ""]);
    for (const { target, label } of routes) {
      rows.push([`CPU per reply (ms), plain text, ${shape} shape${label}`, cell(`${target} ${shape} plain`, shape), "≤ 1.1× naive"]);
      rows.push([`CPU per reply (ms), event stream, held, ${shape} shape${label}`, cell(`${target} ${shape} events`, shape), "≤ 1.25× naive"]);
    }
    if (comparedPid) {
      for (const kind of ["plain", "events"] as const) {
        const r = rounds.map((figures) => figures[`route ${shape} ${kind}`] / figures[`compared ${shape} ${kind}`]);
        rows.push([`… ${kind}, ${shape} shape: this build against ${compareDir} (median of the rounds' ratios)`, `${median(r).toFixed(2)}× (rounds ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}×)`, ""]);
      }
    }
  }
  rows.push([`replies that failed on the way in the CPU rounds (of ${CPU_ROUNDS * configs.length * 700})`, String(cpuFailures), "0"]);
  return rows;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The servers and the client's keep-alive sockets would keep the process running.
  .finally(() => process.exit());
