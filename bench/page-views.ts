import { Agent, request } from "node:http";
import { percentile } from "./load.ts";
import { watchProcess } from "./proc.ts";

export interface PageViewFigures {
  ttfbP50Ms: number;
  ttfbP95Ms: number;
  cpuMsPerView: number;
  bytes: number;
}

const agent = new Agent({ keepAlive: true });

function viewOnce(url: string): Promise<{ ttfbMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, headers: { accept: "text/html" } }, (res) => {
      let ttfbMs = NaN;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        if (bytes === 0) ttfbMs = performance.now() - started;
        bytes += chunk.length;
      });
      res.on("end", () => (res.statusCode === 200 ? resolve({ ttfbMs, bytes }) : reject(new Error(`${url}: ${res.statusCode}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** What one view of a page costs its server: `total` GETs, `concurrency` at a time, with the server's CPU time. */
export async function measurePageViews(url: string, pid: number, total = 300, concurrency = 10): Promise<PageViewFigures> {
  for (let i = 0; i < 20; i++) await viewOnce(url);
  const watch = watchProcess(pid);
  const ttfb: number[] = [];
  let bytes = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const view = await viewOnce(url);
        ttfb.push(view.ttfbMs);
        bytes = view.bytes;
      }
    }),
  );
  const { cpuSeconds } = watch.stop();
  return { ttfbP50Ms: percentile(ttfb, 50), ttfbP95Ms: percentile(ttfb, 95), cpuMsPerView: (cpuSeconds * 1000) / total, bytes };
}
