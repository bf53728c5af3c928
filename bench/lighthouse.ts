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
  /** How long our server took to answer the page, in Lighthouse's own unthrottled load. */
  serverResponseMs: number;
  /** The largest contentful paint Lighthouse saw in that load (what `simulate` starts from). */
  observedPaintMs: number;
  /** Scripts the page had asked for by then, and how many of them had finished downloading. */
  scriptsRequested: number;
  scriptsFinished: number;
}

interface ReportRequest {
  resourceType?: string;
  networkRequestTime: number;
  networkEndTime: number;
}

/**
 * The race that decides the simulated LCP. `simulate` replays the unthrottled load at slow-4G speed and counts
 * toward LCP every request that finished before the paint it saw (a script that then ran in a short task
 * included), so a page that paints after its scripts have arrived over loopback is charged their download.
 */
function paintRace(observedPaintMs: number, requests: ReportRequest[]) {
  const scripts = requests.filter((r) => r.resourceType === "Script" && r.networkRequestTime <= observedPaintMs);
  return { observedPaintMs, scriptsRequested: scripts.length, scriptsFinished: scripts.filter((r) => r.networkEndTime <= observedPaintMs).length };
}

/**
 * How Lighthouse throttles: `simulate` (its default) loads the page at full speed and computes the metrics for
 * slow 4G and a 4× slower CPU from that trace; `devtools` applies the same conditions to the browser and
 * measures them.
 */
export type ThrottlingMethod = "simulate" | "devtools";

/** One Lighthouse run with its default mobile preset (slow 4G, 4× CPU) on the system's Chromium. */
function runOnce(url: string, method: ThrottlingMethod): Promise<LighthouseFigures> {
  const chromeFlags = ["--headless=new", ...CHROMIUM_ARGS].join(" ");
  const args = ["node_modules/lighthouse/cli/index.js", url, "--output=json", "--output-path=stdout", "--quiet", "--only-categories=performance,accessibility", `--throttling-method=${method}`, `--chrome-flags=${chromeFlags}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: findChromium()?.executablePath ?? "" }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited with ${code}`));
      const report = JSON.parse(out) as {
        categories: Record<string, { score: number }>;
        audits: Record<string, { numericValue: number; details?: { items?: unknown[] } }>;
      };
      const observed = report.audits.metrics.details?.items?.[0] as { observedLargestContentfulPaint: number };
      const requests = (report.audits["network-requests"].details?.items ?? []) as ReportRequest[];
      resolve({
        performance: report.categories.performance.score,
        accessibility: report.categories.accessibility.score,
        fcpMs: report.audits["first-contentful-paint"].numericValue,
        lcpMs: report.audits["largest-contentful-paint"].numericValue,
        totalBlockingMs: report.audits["total-blocking-time"].numericValue,
        cls: report.audits["cumulative-layout-shift"].numericValue,
        serverResponseMs: report.audits["server-response-time"].numericValue,
        ...paintRace(observed.observedLargestContentfulPaint, requests),
      });
    });
  });
}

/**
 * Lighthouse 12 on this Chromium now and then fails to record its trace (NO_NAVSTART, about one run in ten
 * here): that run measured nothing, so it is run again, up to twice.
 */
async function runMeasured(url: string, method: ThrottlingMethod): Promise<LighthouseFigures> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(url, method);
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`  (Lighthouse recorded nothing on ${url}: running it again)`);
    }
  }
}

const median = (values: number[]) => percentile(values, 50);

/** The median of each figure, and every run's own. */
export type LighthouseSummary = LighthouseFigures & { runs: LighthouseFigures[] };

/** `runs` runs of each page, alternating, so machine load falls on both alike; the median of each figure. */
export async function compareLighthouse(
  urls: Record<"ours" | "bare", string>,
  runs = 3,
  method: ThrottlingMethod = "simulate",
): Promise<Record<"ours" | "bare", LighthouseSummary>> {
  const all: Record<"ours" | "bare", LighthouseFigures[]> = { ours: [], bare: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of ["ours", "bare"] as const) all[name].push(await runMeasured(urls[name], method));
  }
  const summarise = (list: LighthouseFigures[]): LighthouseSummary => ({
    performance: median(list.map((f) => f.performance)),
    accessibility: median(list.map((f) => f.accessibility)),
    fcpMs: median(list.map((f) => f.fcpMs)),
    lcpMs: median(list.map((f) => f.lcpMs)),
    totalBlockingMs: median(list.map((f) => f.totalBlockingMs)),
    cls: median(list.map((f) => f.cls)),
    serverResponseMs: median(list.map((f) => f.serverResponseMs)),
    observedPaintMs: median(list.map((f) => f.observedPaintMs)),
    scriptsRequested: median(list.map((f) => f.scriptsRequested)),
    scriptsFinished: median(list.map((f) => f.scriptsFinished)),
    runs: list,
  });
  return { ours: summarise(all.ours), bare: summarise(all.bare) };
}

if (import.meta.main) {
  const [ours, bare, method] = process.argv.slice(2);
  console.log(JSON.stringify(await compareLighthouse({ ours, bare }, 1, method === "devtools" ? "devtools" : "simulate"), null, 2));
}
