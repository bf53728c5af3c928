import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function read(pid: number): { rssBytes: number; cpuSeconds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssBytes: rssKb * 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Samples a process's resident memory and CPU time (all its threads) while a phase runs. */
export function watchProcess(pid: number, everyMs = 50) {
  const start = read(pid);
  const startedAt = performance.now();
  let peakRss = start?.rssBytes ?? 0;
  const timer = setInterval(() => {
    const now = read(pid);
    if (now) peakRss = Math.max(peakRss, now.rssBytes);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = read(pid);
      const seconds = (performance.now() - startedAt) / 1000;
      if (end) peakRss = Math.max(peakRss, end.rssBytes);
      const cpuSeconds = start && end ? end.cpuSeconds - start.cpuSeconds : NaN;
      return { peakRssMb: peakRss / 1024 / 1024, cpuPercent: (cpuSeconds / seconds) * 100, cpuSeconds };
    },
  };
}
