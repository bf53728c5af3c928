// Runs a server with its stdout and stderr copied into a log file as well, so tests can read what it logged:
//   node scripts/serve-logged.mjs <log file> <command> [args…]
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const [logFile, command, ...args] = process.argv.slice(2);
if (!logFile || !command) {
  console.error("usage: node scripts/serve-logged.mjs <log file> <command> [args…]");
  process.exit(2);
}
mkdirSync(dirname(logFile), { recursive: true });
const log = createWriteStream(logFile, { flags: "w" });
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
child.stdout.on("data", (chunk) => {
  log.write(chunk);
  process.stdout.write(chunk);
});
child.stderr.on("data", (chunk) => {
  log.write(chunk);
  process.stderr.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));
