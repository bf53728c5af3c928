// `npm test`: every check the project has, in the order a failure is cheapest to find,
// ending with the line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { findChromium, HOW_TO_GET_CHROMIUM } from "../e2e/support/chromium.ts";
import { TEST_API_KEY, TEST_IDENTITY_SECRET } from "../e2e/support/servers.ts";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(`Node.js ${process.versions.node} is too old: this project needs Node.js 22 or newer (see .nvmrc).`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/** The rate-limit tests start a real Redis; CI installs it (.ci/run), a developer may need to. */
function hasRedisServer() {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

const results = ".test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => join("node_modules", ".bin", name);

let passed = 0;
let failed = 0;
const summary = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`${status === 0 ? "ok  " : "FAIL"} ${label} (${seconds} s)`);
  return status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** A step that is not a test suite counts as one check. */
function check(label, command, args) {
  const ok = run(label, command, args);
  if (ok) passed += 1;
  else failed += 1;
  return ok;
}

/** A test suite counts its tests; a suite that could not report counts as one failure. */
function suite(label, command, args, reportPath, count, extraEnv) {
  const ok = run(label, command, args, extraEnv);
  const report = readJson(reportPath);
  if (!report) {
    failed += 1;
    return;
  }
  const counted = count(report);
  passed += counted.passed;
  failed += counted.failed;
  if (!ok && counted.failed === 0) failed += 1;
}

check("lint", bin("eslint"), ["."]);
check("typecheck", bin("tsc"), ["--noEmit"]);
suite(
  "unit tests",
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile=${results}/vitest.json`],
  `${results}/vitest.json`,
  (report) => ({ passed: report.numPassedTests, failed: report.numFailedTests + (report.numPendingTests ?? 0) }),
);

// Built with the e2e marker key and identity secret in its environment: the key-leak test proves neither reaches .next/static.
const built = run("build", bin("next"), ["build"], { CHATBASE_API_KEY: TEST_API_KEY, CHATBASE_IDENTITY_SECRET: TEST_IDENTITY_SECRET });
if (built) passed += 1;
else failed += 1;
const browser = findChromium();
const redis = hasRedisServer();
if (!redis) {
  console.error("\nNo redis-server found: the rate-limit tests need one. Install it: `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis`.");
  summary.push("FAIL redis-server: none found");
  failed += 1;
}
if (!browser) {
  console.error(`\n${HOW_TO_GET_CHROMIUM}`);
  summary.push("FAIL browser: none found");
  failed += 1;
} else if (!built) {
  summary.push("FAIL e2e: skipped because the build failed");
  failed += 1;
} else if (!redis) {
  summary.push("FAIL e2e: skipped because redis-server is missing");
  failed += 1;
} else {
  console.log(`\nBrowser: ${browser.source}`);
  suite(
    "e2e and route tests",
    bin("playwright"),
    ["test"],
    `${results}/playwright.json`,
    (report) => ({
      passed: report.stats.expected,
      failed: report.stats.unexpected + report.stats.flaky + report.stats.skipped,
    }),
    { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json` },
  );
}

console.log(`\n${summary.join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
