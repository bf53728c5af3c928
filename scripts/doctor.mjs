// `npm run doctor`: the owner's pre-flight. Reads the environment the way Next.js does (the process's own
// variables, then .env.local and the other .env files in this folder), prints a checklist, and exits 1
// when a line failed. The checks live in lib/doctor; this file only gathers their inputs and prints.
// Plain JavaScript so that an old Node.js still gets a clear answer instead of a syntax error.
import { readFileSync } from "node:fs";
import nextEnv from "@next/env";

const requiredMajor = Number(readFileSync(new URL("../.nvmrc", import.meta.url), "utf8").trim());

if (!process.features.typescript) {
  console.log(`✗ Node.js ${process.versions.node}, but the project is built, tested and deployed on Node.js ${requiredMajor} (.nvmrc, package.json engines).`);
  console.log(`    Fix: Switch to Node.js ${requiredMajor}: \`nvm use\` reads .nvmrc.`);
  process.exit(1);
}

const { formatReport, runDoctor } = await import("../lib/doctor/index.ts");

const development = process.env.NODE_ENV !== "production";
const { loadedEnvFiles } = nextEnv.loadEnvConfig(process.cwd(), development, { info: () => undefined, error: console.error });
const files = loadedEnvFiles.map((file) => file.path);
console.log(`Checking the ${development ? "development" : "production"} environment: this shell's variables${files.length ? ` and ${files.join(", ")}` : " (no .env files found)"}.\n`);

const lines = await runDoctor({ env: process.env, node: { version: process.versions.node, requiredMajor } });
console.log(formatReport(lines));
process.exit(lines.every((line) => line.ok) ? 0 : 1);
