import { defineConfig } from "@playwright/test";
import { findChromium } from "./e2e/support/chromium";
import { APPS, STANDIN_PORT, TEST_API_KEY, TEST_CHATBOT_ID, UPSTREAM_TIMEOUT_MS } from "./e2e/support/servers";

const browser = findChromium();
const next = "node node_modules/next/dist/bin/next start";

/** Only what the app needs: no stray CHATBASE_* from the developer's shell. */
function appEnv(env: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("CHATBASE_") && key !== "VERCEL") clean[key] = value;
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
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: [
    {
      command: `node lib/chatbase/standin/cli.ts --port ${STANDIN_PORT} --api-key ${TEST_API_KEY} --chatbot-id ${TEST_CHATBOT_ID} --delay 20`,
      url: `http://127.0.0.1:${STANDIN_PORT}/__standin/requests`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    ...Object.values(APPS).map(({ port, env }) => ({
      command: `${next} --hostname 127.0.0.1 --port ${port}`,
      url: `http://127.0.0.1:${port}/api/health`,
      env: appEnv(env),
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      timeout: 60_000,
    })),
  ],
});
