import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandin, type RunningStandin } from "../chatbase/standin/server.ts";
import { freePort, startRedisServer, type RunningRedis } from "../test-support/redis-server.ts";
import { formatReport, nodeLine, runDoctor, type CheckLine } from "./index.ts";

const KEY = "sk-doctor-MARKER-0123456789abcd";
const AGENT = "agent-doctor-42";
const CHATBOT = "chatbot-doctor-7";
const node = { version: process.versions.node, requiredMajor: Number(process.versions.node.split(".")[0]) };

/** Strict stand-ins: one knows the key with a v2 agent, the other with a v1 chatbot. */
let v2: RunningStandin;
let v1: RunningStandin;
let redis: RunningRedis;

beforeAll(async () => {
  [v2, v1, redis] = await Promise.all([
    startStandin({ apiKey: KEY, chatbotId: AGENT, idVersion: "v2", agentName: "Acme Support" }),
    startStandin({ apiKey: KEY, chatbotId: CHATBOT, idVersion: "v1" }),
    startRedisServer(),
  ]);
});

afterAll(async () => {
  await Promise.all([v2?.close(), v1?.close()]);
  redis?.stop();
});

const v2Env = () => ({ CHATBASE_API_KEY: KEY, CHATBASE_CHATBOT_ID: AGENT, CHATBASE_API_VERSION: "v2", CHATBASE_BASE_URL: v2.url });
const v1Env = () => ({ CHATBASE_API_KEY: KEY, CHATBASE_CHATBOT_ID: CHATBOT, CHATBASE_BASE_URL: v1.url });

const failures = (lines: CheckLine[]) => lines.filter((line) => !line.ok);
const find = (lines: CheckLine[], text: string) => lines.find((line) => line.text.includes(text));

describe("npm run doctor against the strict stand-in", () => {
  it("passes a v2 setup, naming the agent, and spends no message credit", async () => {
    const lines = await runDoctor({ env: v2Env(), node });
    expect(failures(lines)).toEqual([]);
    expect(find(lines, "Chatbase accepted the key")?.ok).toBe(true);
    expect(find(lines, 'Chatbot found: "Acme Support"')?.ok).toBe(true);
    expect(find(lines, "CHATBASE_API_VERSION=v2 matches")?.ok).toBe(true);
    expect(v2.requests.filter((request) => request.path.endsWith("/chat"))).toEqual([]);
    expect(formatReport(lines)).toMatch(/All checks passed/);
  });

  it("checks the identity secret's presence and shape, and never prints any of it", async () => {
    const secret = "idsecret-MARKER-0123456789abcdef";
    const on = await runDoctor({ env: { ...v2Env(), CHATBASE_IDENTITY_SECRET: secret }, node });
    expect(failures(on)).toEqual([]);
    expect(find(on, "CHATBASE_IDENTITY_SECRET = set")?.text).toContain("with their history from Chatbase");
    const onV1 = await runDoctor({ env: { ...v1Env(), CHATBASE_IDENTITY_SECRET: secret }, node });
    expect(find(onV1, "CHATBASE_IDENTITY_SECRET = set")?.text).toContain("external_id");
    expect(find(await runDoctor({ env: v2Env(), node }), "CHATBASE_IDENTITY_SECRET not set")?.ok).toBe(true);
    const bad = await runDoctor({ env: { ...v2Env(), CHATBASE_IDENTITY_SECRET: "short MARKER" }, node });
    expect(failures(bad).map((line) => line.text.split(":")[0])).toEqual(["CHATBASE_IDENTITY_SECRET"]);
    expect(failures(bad)[0].fix).toContain("CHATBASE_IDENTITY_SECRET");
    for (const report of [on, onV1, bad].map(formatReport)) {
      expect(report).not.toContain("MARKER");
      expect(report).not.toContain(secret.slice(-4));
    }
  });

  it("passes a v1 setup through get-conversations", async () => {
    const lines = await runDoctor({ env: v1Env(), node });
    expect(failures(lines)).toEqual([]);
    expect(find(lines, `Chatbot ${CHATBOT} found`)?.ok).toBe(true);
    expect(v1.requests.some((request) => request.path === "/api/v1/get-conversations")).toBe(true);
    expect(v1.requests.some((request) => request.path === "/api/v1/chat")).toBe(false);
  });

  it("blames the key on a 401, and never prints more of it than its last 4 characters", async () => {
    const wrongKey = "sk-doctor-WRONG-9876543210wxyz";
    const lines = await runDoctor({ env: { ...v2Env(), CHATBASE_API_KEY: wrongKey }, node });
    const [failure] = failures(lines);
    expect(failures(lines)).toHaveLength(1);
    expect(failure.text).toContain("refused the key");
    expect(failure.fix).toContain("CHATBASE_API_KEY");
    const report = formatReport(lines);
    expect(report).toContain("…wxyz");
    expect(report).not.toContain(wrongKey.slice(0, -4));
    expect(report).toMatch(/1 check failed/);
  });

  it("blames the chatbot id when neither API knows it", async () => {
    const lines = await runDoctor({ env: { ...v2Env(), CHATBASE_CHATBOT_ID: "no-such-bot" }, node });
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0].text).toContain("no chatbot no-such-bot");
    expect(failures(lines)[0].fix).toContain("CHATBASE_CHATBOT_ID");
    expect(find(lines, "Chatbase accepted the key")?.ok).toBe(true);
  });

  it("tells a v2 agent id used with v1 to switch CHATBASE_API_VERSION", async () => {
    const lines = await runDoctor({ env: { ...v2Env(), CHATBASE_API_VERSION: "v1" }, node });
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0].text).toContain("known to Chatbase's v2 API only");
    expect(failures(lines)[0].fix).toBe("Set CHATBASE_API_VERSION=v2.");
    expect(find(lines, 'Chatbot found: "Acme Support"')?.ok).toBe(true);
  });

  it("and a v1 chatbot id used with v2 the other way round", async () => {
    const lines = await runDoctor({ env: { ...v1Env(), CHATBASE_API_VERSION: "v2" }, node });
    expect(failures(lines).map((line) => line.fix)).toEqual(["Set CHATBASE_API_VERSION=v1."]);
  });

  it("reaches a running Redis, and names REDIS_URL when Redis is down", async () => {
    const up = await runDoctor({ env: { ...v2Env(), REDIS_URL: redis.url }, node });
    expect(failures(up)).toEqual([]);
    expect(find(up, "answered PING")?.ok).toBe(true);

    const down = await runDoctor({ env: { ...v2Env(), REDIS_URL: `redis://:hunter2secret@127.0.0.1:${await freePort()}` }, node });
    expect(failures(down)).toHaveLength(1);
    expect(failures(down)[0].text).toMatch(/is not reachable: .*ECONNREFUSED/);
    expect(failures(down)[0].fix).toContain("REDIS_URL");
    expect(formatReport(down)).not.toContain("hunter2secret");
  });

  it("names every bad entry of an origins list, and still checks Chatbase: the app chats with the rest", async () => {
    const lines = await runDoctor({ env: { ...v2Env(), EMBED_ORIGINS: "https://Shop.EXAMPLE, not-an-origin, https://x.example/p", RATE_LIMIT_PER_MINUTE: "ten" }, node });
    const embed = failures(lines).find((line) => line.text.startsWith("EMBED_ORIGINS:"));
    expect(embed?.text).toContain('"not-an-origin"');
    expect(embed?.text).toContain('"https://x.example/p"');
    expect(failures(lines).map((line) => line.text.split(":")[0])).toEqual(["RATE_LIMIT_PER_MINUTE", "EMBED_ORIGINS"]);
    expect(lines.filter((line) => line.ok).map((line) => line.text)).toEqual(expect.arrayContaining([expect.stringMatching(/Chatbase/)]));
  });

  it("says when Chatbase cannot be reached at all", async () => {
    const lines = await runDoctor({ env: { ...v2Env(), CHATBASE_BASE_URL: `http://127.0.0.1:${await freePort()}` }, node });
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0].text).toMatch(/Could not reach Chatbase .*ECONNREFUSED/);
    expect(failures(lines)[0].fix).toContain("CHATBASE_BASE_URL");
  });
});

describe("npm run doctor without the network", () => {
  it("names each invalid variable, parses the origins lists, and skips Chatbase until the values are valid", async () => {
    const lines = await runDoctor({
      env: {
        CHATBASE_API_KEY: KEY,
        CHATBASE_API_VERSION: "v3",
        ALLOWED_ORIGINS: "https://shop.example, https://blog.example/path",
        FRAME_ANCESTORS: "self https://shop.example",
        RATE_LIMIT_PER_DAY: "lots",
        CHAT_ACCENT_COLOR: "blue-ish",
      },
      node,
    });
    const failed = failures(lines).map((line) => line.text.split(":")[0]);
    expect(failed).toEqual(["CHATBASE_CHATBOT_ID", "CHATBASE_API_VERSION", "ALLOWED_ORIGINS", "RATE_LIMIT_PER_DAY", "CHAT_ACCENT_COLOR"]);
    for (const line of failures(lines)) expect(line.fix).toContain(line.text.split(":")[0]);
    expect(find(lines, "FRAME_ANCESTORS =")?.text).toBe("FRAME_ANCESTORS = 'self' https://shop.example");
    expect(find(lines, "Chatbase")).toBeUndefined();
  });

  it("shows the origins it will allow and says the demo bot answers without a key", async () => {
    const lines = await runDoctor({ env: { ALLOWED_ORIGINS: "https://shop.example,https://blog.example" }, node });
    expect(find(lines, "ALLOWED_ORIGINS =")?.text).toBe("ALLOWED_ORIGINS = https://shop.example, https://blog.example (2 origins)");
    expect(failures(lines).map((line) => line.text)).toEqual([expect.stringContaining("CHATBASE_API_KEY is not set")]);
  });

  it("wants the Node.js major version the project deploys on", () => {
    expect(nodeLine("22.23.3", 22).ok).toBe(true);
    expect(nodeLine("v20.20.2", 22)).toMatchObject({ ok: false, fix: expect.stringContaining("nvm use") });
    expect(nodeLine("24.1.0", 22).ok).toBe(false);
  });
});

describe("scripts/doctor.mjs", () => {
  /** Runs the CLI in a fresh folder holding only `.env.local`, with none of this process's variables. */
  async function runCli(envLocal: string): Promise<{ status: number | null; output: string }> {
    const dir = mkdtempSync(join(tmpdir(), "doctor-"));
    try {
      writeFileSync(join(dir, ".env.local"), envLocal);
      const script = join(import.meta.dirname, "../../scripts/doctor.mjs");
      // Asynchronously: the stand-in it talks to runs in this process.
      const child = spawn(process.execPath, [script], { cwd: dir, env: { PATH: process.env.PATH, NODE_ENV: "development" } });
      let output = "";
      child.stdout.on("data", (data: Buffer) => (output += data));
      child.stderr.on("data", (data: Buffer) => (output += data));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      return { status, output };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("reads .env.local as Next.js does, and exits 0 when all is well and 1 when not", async () => {
    const good = await runCli(Object.entries(v2Env()).map(([name, value]) => `${name}=${value}`).join("\n"));
    expect(good.output).toContain(".env.local");
    expect(good.output).toContain('✓ Chatbot found: "Acme Support"');
    expect(good.status).toBe(0);

    const bad = await runCli(`CHATBASE_API_KEY=sk-not-the-right-key-1234\nCHATBASE_CHATBOT_ID=${AGENT}\nCHATBASE_API_VERSION=v2\nCHATBASE_BASE_URL=${v2.url}\n`);
    expect(bad.output).toContain("✗ Chatbase refused the key (…1234)");
    expect(bad.output).not.toContain("sk-not-the-right-key");
    expect(bad.status).toBe(1);
  });
});
