/**
 * `npm run check:vercel`: builds the project the way Vercel does (`vercel build`,
 * offline, no login) and checks what would be deployed. The Vercel CLI (~255 MB)
 * is installed on demand into a cache folder outside the project; the build runs
 * on a clean copy in a temporary folder (the files git would commit, installed
 * with `npm ci`), which is removed afterwards (kept with KEEP_CHECK_COPY=1, to look into). Ends with
 * "N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { checkNoKeyInStatic, checkPagesAndProxy, checkSecurityHeaders, checkStreamingFunction, exportedMaxDuration, functionSize, type OutputCheck } from "./vercel-output.ts";

/** 61 and newer do not install from the registries these machines reach (a dependency version is missing). */
const VERCEL_CLI_VERSION = "58.10.0";
/** Built into the app as its key: it must not appear in anything the browser can fetch. */
const MARKER_KEY = "sk-check-vercel-MARKER-5d2b8e0c71";

const root = resolve(import.meta.dirname, "..");
const cliDir = process.env.VERCEL_CLI_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), `chatbase-chat-vercel-${VERCEL_CLI_VERSION}`);
const nodeMajor = readFileSync(join(root, ".nvmrc"), "utf8").trim();
const runtime = `nodejs${nodeMajor}.x`;
const timings: string[] = [];

function step<T>(label: string, work: () => T): T {
  const started = Date.now();
  console.log(`\n=== ${label}`);
  const result = work();
  timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const { status, error } = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} failed${error ? `: ${error.message}` : ` with exit code ${status}`}`);
}

function installedCliVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(cliDir, "node_modules", "vercel", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** The files a fresh clone would have, with this working tree's content: tracked ones and new ones git does not ignore. */
function copyProject(target: string): number {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  let copied = 0;
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const source = join(root, file);
    if (!existsSync(source) || lstatSync(source).isDirectory()) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(source, join(target, file), { verbatimSymlinks: true });
    copied += 1;
  }
  return copied;
}

const work = mkdtempSync(join(tmpdir(), "check-vercel-"));
const removeWork = () => rmSync(work, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    removeWork();
    process.exit(130);
  });
}

const checks: OutputCheck[] = [];
const figures: string[] = [];
try {
  step(`Vercel CLI ${VERCEL_CLI_VERSION} in ${cliDir}`, () => {
    if (installedCliVersion() === VERCEL_CLI_VERSION) return console.log("already installed");
    mkdirSync(cliDir, { recursive: true });
    run("npm", ["install", "--prefix", cliDir, "--no-audit", "--no-fund", "--save-exact", `vercel@${VERCEL_CLI_VERSION}`], cliDir);
    if (installedCliVersion() !== VERCEL_CLI_VERSION) throw new Error(`vercel@${VERCEL_CLI_VERSION} did not install into ${cliDir}`);
  });

  step(`clean copy of the project in ${work}, installed with npm ci`, () => {
    console.log(`${copyProject(work)} files copied`);
    // A real install rather than a symlink to this node_modules: Turbopack and Vercel's file tracing refuse
    // or mis-trace a node_modules that resolves outside the project folder.
    run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], work);
  });

  step("vercel build --prod (offline, no login)", () => {
    // What `vercel pull` would write; these settings let the build run without asking Vercel.
    mkdirSync(join(work, ".vercel"));
    writeFileSync(
      join(work, ".vercel", "project.json"),
      JSON.stringify({
        projectId: "check-vercel",
        orgId: "check-vercel",
        settings: { framework: "nextjs", nodeVersion: `${nodeMajor}.x`, installCommand: "", buildCommand: null, outputDirectory: null },
      }),
    );
    run(join(cliDir, "node_modules", ".bin", "vercel"), ["build", "--prod", "--yes"], work, {
      ...process.env,
      CHATBASE_API_KEY: MARKER_KEY,
      CHATBASE_CHATBOT_ID: "check-vercel-bot",
      NEXT_TELEMETRY_DISABLED: "1",
      VERCEL_TELEMETRY_DISABLED: "1",
      NO_UPDATE_NOTIFIER: "1",
    });
  });

  step("assertions on .vercel/output", () => {
    const output = join(work, ".vercel", "output");
    const engines = (JSON.parse(readFileSync(join(work, "package.json"), "utf8")) as { engines?: { node?: string } }).engines?.node;
    checks.push({
      ok: engines === `${nodeMajor}.x`,
      text: `package.json engines.node is "${nodeMajor}.x", the .nvmrc major, so Vercel runs what CI tests (got "${engines}")`,
    });
    // A held reply is read to its end under after() within /api/chat's maxDuration; its rest streams from the replies route.
    for (const route of ["api/chat", "api/feedback", "api/lead", "api/chat/replies/[replyId]", "api/chat/replies/[replyId]/stop"]) {
      const source = join(work, "app", route, "route.ts");
      if (route !== "api/chat" && !existsSync(source)) continue;
      checks.push(...checkStreamingFunction(output, `/${route}`, exportedMaxDuration(readFileSync(source, "utf8")), runtime));
    }
    const chat = functionSize(output, work, "api/chat");
    figures.push(`/api/chat traced function: ${chat.files} files, ${(chat.bytes / 1024 / 1024).toFixed(2)} MB (${chat.bytes} bytes)`);
    checks.push(...checkPagesAndProxy(output, runtime), ...checkSecurityHeaders(output), ...checkNoKeyInStatic(output, MARKER_KEY));
  });
} catch (error) {
  checks.push({ ok: false, text: (error as Error).message });
} finally {
  if (!process.env.KEEP_CHECK_COPY) step("remove the copy", removeWork); else console.log(`kept ${work}`);
}

console.log("");
for (const figure of figures) console.log(figure);
for (const check of checks) console.log(`${check.ok ? "✓" : "✗"} ${check.text}`);
console.log(`\n${timings.join("\n")}`);
const failed = checks.filter((check) => !check.ok).length;
console.log(`\n${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && checks.length > 0 ? 0 : 1);
