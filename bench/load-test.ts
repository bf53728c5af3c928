// Load and abort run against the built app (`next start`) and the loopback Chatbase stand-in:
//   npm run load            (300 concurrent streaming conversations, then 3 rounds of 100 visitors leaving mid-reply)
//   npm run load -- --conversations 500 --aborts 200 --rounds 5
//   npm run load -- --redis redis://127.0.0.1:6379   (rate limits on, counted in that Redis, set too high to refuse:
//                                                    prints the Redis round trips the limiter made per request)
// Prints what it measured and exits non-zero on any error, any reply that is not byte-exact, or any
// upstream request still open a second after its visitor left.
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startStandin } from "../lib/chatbase/standin/server.ts";
import { MULTIBYTE_SAMPLE } from "../lib/chatbase/standin/handler.ts";
import { visitorsLeavingMidReply } from "../e2e/support/leaving.ts";
import { pidListeningOn, processStats, type ProcessStats } from "../e2e/support/process-stats.ts";

const { values } = parseArgs({
  options: {
    conversations: { type: "string", default: "300" },
    aborts: { type: "string", default: "100" },
    rounds: { type: "string", default: "3" },
    words: { type: "string", default: "150" },
    redis: { type: "string" },
  },
});
const CONVERSATIONS = Number(values.conversations);
const ABORTS = Number(values.aborts);
const ROUNDS = Number(values.rounds);
const WORDS = Number(values.words);
const LIMITER = values.redis
  ? { REDIS_URL: values.redis, RATE_LIMIT_PER_MINUTE: "1000000", RATE_LIMIT_PER_DAY: "100000000" }
  : { RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_DAY: "0" };

/**
 * What Redis has run (INFO commandstats): every command, those inside scripts included, and the round trips
 * a client made for them (scripts and transactions; the limiters send nothing else).
 */
async function redisCalls(url: string): Promise<{ commands: number; roundTrips: number }> {
  const client = new Redis(url);
  try {
    const stats = await client.info("commandstats");
    const calls = [...stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)]
      .filter(([, command]) => !["info", "hello", "client", "select", "script", "command"].includes(command))
      .map(([, command, count]) => ({ command, count: Number(count) }));
    const sum = (list: typeof calls) => list.reduce((total, { count }) => total + count, 0);
    return { commands: sum(calls), roundTrips: sum(calls.filter(({ command }) => ["eval", "evalsha", "exec"].includes(command))) };
  } finally {
    client.disconnect();
  }
}
/** Ports from the same base as the e2e suite (E2E_PORT_BASE), clear of its servers. */
const BASE = Number(process.env.E2E_PORT_BASE ?? 3100) + 30;
const KEY = "sk-load-MARKER-0b9d2c";
const CHATBOT = "load-bot";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to 15 s) for the server's sockets to come back to `target`: idle keep-alive connections close after 5 s. */
async function settle(pid: number, target: number): Promise<{ stats: ProcessStats; seconds: number }> {
  const started = Date.now();
  for (;;) {
    const stats = processStats(pid);
    if (stats.sockets <= target || Date.now() - started > 15_000) return { stats, seconds: +((Date.now() - started) / 1000).toFixed(1) };
    await sleep(250);
  }
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

if (!existsSync(".next/BUILD_ID")) {
  console.error("No build found: run `npm run build` first.");
  process.exit(2);
}

const standin = await startStandin({ port: BASE, apiKey: KEY, chatbotId: CHATBOT, chunkDelayMs: 5 });
const appPort = BASE + 1;
const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--hostname", "127.0.0.1", "--port", String(appPort)], {
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CHATBASE_API_KEY: KEY,
    CHATBASE_CHATBOT_ID: CHATBOT,
    CHATBASE_BASE_URL: standin.url,
    CHATBASE_TIMEOUT_MS: "10000",
    ...LIMITER,
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const appUrl = `http://127.0.0.1:${appPort}`;
const failures: string[] = [];

async function stop() {
  app.kill("SIGTERM");
  await standin.close();
}

try {
  for (let ready = false; !ready; ) {
    ready = await fetch(`${appUrl}/api/health`).then((r) => r.ok, () => false);
    if (!ready) await sleep(200);
  }
  const pid = pidListeningOn(appPort);
  const post = (content: string, sse: boolean) =>
    fetch(`${appUrl}/api/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(sse ? { Accept: "text/event-stream" } : {}) },
      body: JSON.stringify({ messages: [{ role: "user", content }] }),
    });
  for (let i = 0; i < 5; i++) await (await post("[[reply=echo delay=0]] warm up", i % 2 === 1)).text();
  await sleep(1_000);
  const idle = processStats(pid);

  // Conversations: distinct replies (their own words, multi-byte characters, some cut into 7-byte pieces).
  let peakRssMiB = idle.rssMiB;
  let peakSockets = idle.sockets;
  const sampler = setInterval(() => {
    const now = processStats(pid);
    peakRssMiB = Math.max(peakRssMiB, now.rssMiB);
    peakSockets = Math.max(peakSockets, now.sockets);
  }, 50);
  const callsBefore = values.redis ? await redisCalls(values.redis) : undefined;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, i) => {
      const words = Array.from({ length: WORDS }, (_, w) => `w${i}x${w}`).join(" ");
      const expected = `conversation-${i} ${MULTIBYTE_SAMPLE} ${words}`;
      const sse = i % 2 === 1;
      const t0 = performance.now();
      try {
        const response = await post(`[[reply=echo${i % 3 === 0 ? " chunkBytes=7" : ""}]] ${expected}`, sse);
        if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let body = "";
        let firstByteMs = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          firstByteMs ||= performance.now() - t0;
          body += decoder.decode(value, { stream: true });
        }
        body += decoder.decode();
        const text = sse
          ? body
              .split("\n\n")
              .map((frame) => frame.replace(/^data: /, ""))
              .filter((data) => data.startsWith("{"))
              .map((data) => JSON.parse(data) as { type: string; delta?: string })
              .filter((event) => event.type === "text-delta")
              .map((event) => event.delta)
              .join("")
          : body;
        if (text !== expected) throw new Error(`reply ${i} differs (${text.length} vs ${expected.length} characters)`);
        if (sse && !body.includes('"type":"finish"')) throw new Error(`reply ${i} has no finish part`);
        return { ok: true, firstByteMs, totalMs: performance.now() - t0, bytes: Buffer.byteLength(expected) };
      } catch (error) {
        failures.push(`conversation ${i}: ${(error as Error).message}`);
        return { ok: false, firstByteMs: 0, totalMs: performance.now() - t0, bytes: 0 };
      }
    }),
  );
  const wallMs = performance.now() - started;
  const callsAfter = values.redis ? await redisCalls(values.redis) : undefined;
  const perRequest = (count: number) => Number((count / CONVERSATIONS).toFixed(2));
  const redisPerRequest =
    callsBefore && callsAfter
      ? { roundTrips: perRequest(callsAfter.roundTrips - callsBefore.roundTrips), commands: perRequest(callsAfter.commands - callsBefore.commands) }
      : undefined;
  clearInterval(sampler);
  const ok = results.filter((r) => r.ok);
  const firstBytes = ok.map((r) => r.firstByteMs).sort((a, b) => a - b);
  const totals = ok.map((r) => r.totalMs).sort((a, b) => a - b);
  const load = {
    conversations: CONVERSATIONS,
    complete: ok.length,
    errors: CONVERSATIONS - ok.length,
    wallSeconds: +(wallMs / 1000).toFixed(2),
    replyBytes: ok.reduce((sum, r) => sum + r.bytes, 0),
    firstByteMs: { p50: Math.round(percentile(firstBytes, 50)), p95: Math.round(percentile(firstBytes, 95)), max: Math.round(firstBytes.at(-1) ?? 0) },
    replyMs: { p50: Math.round(percentile(totals, 50)), p95: Math.round(percentile(totals, 95)), max: Math.round(totals.at(-1) ?? 0) },
    serverRssMiB: { idle: idle.rssMiB, peak: peakRssMiB },
    serverSockets: { idle: idle.sockets, peak: peakSockets },
    ...(redisPerRequest ? { redisPerRequest } : {}),
  };
  console.log("load:", JSON.stringify(load));

  // Visitors leaving mid-reply, several rounds: the upstream request must close within a second each time,
  // and the server's sockets and memory must come back rather than grow round after round.
  const rounds: { round: number; slowestCloseMs: number; before: ProcessStats; during: ProcessStats; after: ProcessStats; settleSeconds: number }[] = [];
  const afterLoad = await settle(pid, idle.sockets + 4);
  console.log(`after the load: ${JSON.stringify(afterLoad.stats)}, sockets back to idle in ${afterLoad.seconds} s`);
  for (let round = 1; round <= ROUNDS; round++) {
    const before = processStats(pid);
    const left = await visitorsLeavingMidReply(`${appUrl}/api/chat`, ABORTS, `abort-${round}`);
    const during = processStats(pid);
    let slowestCloseMs = 0;
    for (const { marker, leftAt } of left) {
      try {
        const closed = await standin.closed(marker, 5_000);
        const ms = closed.closedAt! - leftAt;
        slowestCloseMs = Math.max(slowestCloseMs, ms);
        if (ms >= 1_000 || closed.completed) failures.push(`round ${round}: ${marker} closed ${ms} ms after its visitor left`);
      } catch (error) {
        failures.push(`round ${round}: ${(error as Error).message}`);
      }
    }
    const { stats: after, seconds: settleSeconds } = await settle(pid, before.sockets + 4);
    rounds.push({ round, slowestCloseMs, before, during, after, settleSeconds });
    console.log(`abort round ${round}:`, JSON.stringify(rounds.at(-1)));
  }
  for (const { round, before, after } of rounds) {
    if (after.sockets > before.sockets + 4) failures.push(`round ${round}: sockets went from ${before.sockets} to ${after.sockets} and stayed`);
  }

  const report = { at: new Date().toISOString(), load, rounds, failures };
  writeFileSync(`bench/results/load-${Date.now()}.json`, JSON.stringify(report, null, 2));
} catch (error) {
  failures.push(`the run failed: ${(error as Error).stack}`);
} finally {
  await stop();
}

console.log(failures.length === 0 ? "load: no errors" : `load: ${failures.length} failures\n${failures.slice(0, 20).join("\n")}`);
process.exit(failures.length === 0 ? 0 : 1);
