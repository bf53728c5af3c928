/**
 * `npm run doctor`: the owner's pre-flight, a checklist of what the app needs
 * to answer visitors. Plain Node: no Next.js or React, so it runs and is
 * tested on its own; `scripts/doctor.ts` gives it the app's environment.
 */
import { blockingProblems, chatbaseSettings, loadConfig } from "../config/index.ts";
import { chatbaseLines, contactsLine } from "./chatbase.ts";
import { redisLine } from "./redis.ts";
import type { CheckLine, Env } from "./types.ts";
import { variableLines } from "./variables.ts";

export type { CheckLine } from "./types.ts";

export interface DoctorInput {
  env: Env;
  /** The running Node.js version and the major version the project is built and deployed on (.nvmrc). */
  node: { version: string; requiredMajor: number };
  /** Longest wait for each network check. */
  timeoutMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

export function nodeLine(version: string, requiredMajor: number): CheckLine {
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  if (major === requiredMajor) return { ok: true, text: `Node.js ${version} (the project runs on Node.js ${requiredMajor}).` };
  return {
    ok: false,
    text: `Node.js ${version}, but the project is built, tested and deployed on Node.js ${requiredMajor} (.nvmrc, package.json engines).`,
    fix: `Switch to Node.js ${requiredMajor}: \`nvm use\` reads .nvmrc.`,
  };
}

export async function runDoctor({ env, node, timeoutMs = DEFAULT_CHECK_TIMEOUT_MS }: DoctorInput): Promise<CheckLine[]> {
  const config = loadConfig(env);
  const lines = [nodeLine(node.version, node.requiredMajor), ...variableLines(env, config)];
  const chatbaseReady = config.apiKey && config.chatbotId && blockingProblems(config).length === 0;
  const checks: Promise<CheckLine[]>[] = [];
  const settings = chatbaseReady ? chatbaseSettings({ ...config, timeoutMs }) : undefined;
  if (settings) {
    const leadForm = config.lead.form.mode !== "off";
    checks.push(
      chatbaseLines(settings).then(async (lines) =>
        // The contacts check means something only once the key and chatbot are known to work.
        leadForm && lines.every((line) => line.ok) ? [...lines, await contactsLine(settings)] : lines,
      ),
    );
  }
  if (config.guard.redisUrl) checks.push(redisLine(config.guard.redisUrl, timeoutMs).then((line) => [line]));
  for (const found of await Promise.all(checks)) lines.push(...found);
  return lines;
}

/** The checklist as printed: ✓ or ✗ per line, the fix indented under each ✗, and a closing verdict. */
export function formatReport(lines: CheckLine[]): string {
  const body = lines.flatMap((line) => [`${line.ok ? "✓" : "✗"} ${line.text}`, ...(line.fix ? [`    Fix: ${line.fix}`] : [])]);
  const failed = lines.filter((line) => !line.ok).length;
  const verdict = failed === 0 ? "All checks passed: ready to deploy." : `${failed} check${failed === 1 ? "" : "s"} failed: fix the ✗ lines above, then run npm run doctor again.`;
  return [...body, "", verdict].join("\n");
}
