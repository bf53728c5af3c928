import { spawn } from "node:child_process";
import { CHROMIUM_ARGS, findChromium } from "../e2e/support/chromium.ts";
import { percentile } from "./load.ts";

export interface LighthouseFigures {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  totalBlockingMs: number;
  cls: number;
}

/** One Lighthouse run with its default mobile preset (simulated slow 4G, 4× CPU) on the system's Chromium. */
function runOnce(url: string): Promise<LighthouseFigures> {
  const chromeFlags = ["--headless=new", ...CHROMIUM_ARGS].join(" ");
  const args = ["node_modules/lighthouse/cli/index.js", url, "--output=json", "--output-path=stdout", "--quiet", "--only-categories=performance,accessibility", `--chrome-flags=${chromeFlags}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: findChromium()?.executablePath ?? "" }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited with ${code}`));
      const report = JSON.parse(out) as {
        categories: Record<string, { score: number }>;
        audits: Record<string, { numericValue: number }>;
      };
      resolve({
        performance: report.categories.performance.score,
        accessibility: report.categories.accessibility.score,
        fcpMs: report.audits["first-contentful-paint"].numericValue,
        lcpMs: report.audits["largest-contentful-paint"].numericValue,
        totalBlockingMs: report.audits["total-blocking-time"].numericValue,
        cls: report.audits["cumulative-layout-shift"].numericValue,
      });
    });
  });
}

const median = (values: number[]) => percentile(values, 50);

/** `runs` runs of each page, alternating, so machine load falls on both alike; the median of each figure. */
export async function compareLighthouse(urls: Record<"ours" | "bare", string>, runs = 3): Promise<Record<"ours" | "bare", LighthouseFigures>> {
  const all: Record<"ours" | "bare", LighthouseFigures[]> = { ours: [], bare: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of ["ours", "bare"] as const) all[name].push(await runOnce(urls[name]));
  }
  const summarise = (list: LighthouseFigures[]): LighthouseFigures => ({
    performance: median(list.map((f) => f.performance)),
    accessibility: median(list.map((f) => f.accessibility)),
    fcpMs: median(list.map((f) => f.fcpMs)),
    lcpMs: median(list.map((f) => f.lcpMs)),
    totalBlockingMs: median(list.map((f) => f.totalBlockingMs)),
    cls: median(list.map((f) => f.cls)),
  });
  return { ours: summarise(all.ours), bare: summarise(all.bare) };
}

if (import.meta.main) {
  const [ours, bare] = process.argv.slice(2);
  console.log(JSON.stringify(await compareLighthouse({ ours, bare }, 1), null, 2));
}
