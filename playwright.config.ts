import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./e2e/support/chromium";
import { APPS, FRAGILE_REDIS_PORT, REDIS_PORT, serverLog, STANDIN_PORT, TEST_API_KEY, TEST_CHATBOT_ID, UPSTREAM_TIMEOUT_MS, type AppName } from "./e2e/support/servers";

const browser = findChromium();
const STRESS = /(fuzz|abort)\.spec\.ts$/;
/** Each app's output is also written to .test-results/server-<name>.log, which the key-leak test reads. */
const next = (name: AppName) => `node scripts/serve-logged.mjs ${serverLog(name)} node node_modules/next/dist/bin/next start`;

const GUARD_VARIABLES = ["VERCEL", "ALLOWED_ORIGINS", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_PER_DAY", "FEEDBACK_RATE_LIMIT_PER_MINUTE", "FEEDBACK_RATE_LIMIT_PER_DAY", "REDIS_URL", "TRUSTED_PROXY_HOPS", "FRAME_ANCESTORS", "EMBED_ORIGINS", "CHAT_REPLY_HOLD_SECONDS", "BOT_PROTECTION", "CHAT_LEAD_FORM", "CHAT_LEAD_FIELDS", "LEAD_RATE_LIMIT_PER_MINUTE", "LEAD_RATE_LIMIT_PER_DAY"];

/** Only what the app needs: no stray CHATBASE_* from the developer's shell. */
function appEnv(env: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("CHATBASE_") && !GUARD_VARIABLES.includes(key)) clean[key] = value;
  }
  return { ...clean, NEXT_TELEMETRY_DISABLED: "1", CHATBASE_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS), ...env };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: browser?.executablePath,
      args: CHROMIUM_ARGS,
    },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "e2e", testIgnore: STRESS },
    // Fuzz and the crowd of leaving visitors load the machine: they run after the timing-sensitive browser
    // tests, one at a time, so that neither slows the other past its one-second bound.
    { name: "stress", testMatch: STRESS, dependencies: ["e2e"], workers: 1 },
  ],
  webServer: [
    {
      command: `node lib/chatbase/standin/cli.ts --port ${STANDIN_PORT} --api-key ${TEST_API_KEY} --chatbot-id ${TEST_CHATBOT_ID} --delay 20`,
      url: `http://127.0.0.1:${STANDIN_PORT}/__standin/requests`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    ...[REDIS_PORT, FRAGILE_REDIS_PORT].map((port) => ({
      command: `redis-server --port ${port} --bind 127.0.0.1 --save '' --appendonly no`,
      port,
      reuseExistingServer: false,
      stdout: "ignore" as const,
    })),
    ...Object.entries(APPS).map(([name, { port, env }]) => ({
      command: `${next(name as AppName)} --hostname 127.0.0.1 --port ${port}`,
      url: `http://127.0.0.1:${port}/api/health`,
      env: appEnv(env),
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      timeout: 60_000,
    })),
  ],
});
