import { Agent, request } from "node:http";

/**
 * Why a stream failed, as the client saw it: an HTTP status other than 200, the connection reset or
 * closed early, no end within the deadline, a reply cut short, or a limit of the load generator's own
 * machine (file descriptors, local ports) before the request left it.
 */
export type FailureKind = `status ${number}` | "reset" | "timeout" | "truncated" | "client limit" | "refused";

const CLIENT_LIMIT_CODES = new Set(["EMFILE", "ENFILE", "EADDRNOTAVAIL", "ENOBUFS", "EAGAIN"]);
/** A reply that has not ended by then counts as timed out. */
const STREAM_DEADLINE_MS = 60_000;

function classify(error: NodeJS.ErrnoException): FailureKind {
  if (error.code && CLIENT_LIMIT_CODES.has(error.code)) return "client limit";
  if (error.code === "ECONNREFUSED") return "refused";
  return "reset";
}

/** What one streamed reply looked like from the client's side. */
interface StreamResult {
  ok: boolean;
  failure?: FailureKind;
  ttfbMs: number;
  /** Arrival minus send time of every chunk, in ms (send time is written into the chunk by the stand-in). */
  delaysMs: number[];
  reads: number;
  chunks: number;
}

export interface RunResult {
  streams: number;
  errors: number;
  failures: Partial<Record<FailureKind, number>>;
  seconds: number;
  ttfbMs: number[];
  delaysMs: number[];
  reads: number;
  chunks: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const nowNs = () => process.hrtime.bigint();

function streamOnce(url: URL, body: string, expectedChunks: number, authorization: string): Promise<StreamResult> {
  return new Promise((resolve) => {
    const started = nowNs();
    let ttfbMs = NaN;
    let reads = 0;
    let pending = "";
    const delaysMs: number[] = [];
    let settled = false;
    const done = (failure?: FailureKind) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const complete = failure === undefined && delaysMs.length === expectedChunks;
      resolve({ ok: complete, failure: complete ? undefined : (failure ?? "truncated"), ttfbMs, delaysMs, reads, chunks: delaysMs.length });
    };
    const deadline = setTimeout(() => {
      done("timeout");
      req.destroy();
    }, STREAM_DEADLINE_MS);
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return done(`status ${res.statusCode ?? 0}`);
        }
        res.setEncoding("utf8");
        res.on("data", (text: string) => {
          const arrived = nowNs();
          if (reads === 0) ttfbMs = Number(arrived - started) / 1e6;
          reads++;
          pending += text;
          let space = pending.indexOf(" ");
          while (space !== -1) {
            delaysMs.push(Number(arrived - BigInt(pending.slice(0, space))) / 1e6);
            pending = pending.slice(space + 1);
            space = pending.indexOf(" ");
          }
        });
        res.on("end", () => done(pending === "" ? undefined : "truncated"));
        res.on("error", (error) => done(classify(error)));
        res.on("aborted", () => done("reset"));
      },
    );
    req.on("error", (error) => done(classify(error)));
    req.end(body);
  });
}

/**
 * `total` streamed replies of `chunks` clock chunks each, `delayMs` apart,
 * with `concurrency` in flight at once.
 */
export async function runStreams(
  baseUrl: string,
  path: string,
  options: { concurrency: number; total: number; chunks: number; delayMs: number; apiKey: string },
): Promise<RunResult> {
  const url = new URL(path, baseUrl);
  const body = JSON.stringify({
    messages: [{ role: "user", content: `[[reply=clock words=${options.chunks} delay=${options.delayMs}]] bench` }],
    chatbotId: "bench-bot",
    stream: true,
  });
  const result: RunResult = { streams: 0, errors: 0, failures: {}, seconds: 0, ttfbMs: [], delaysMs: [], reads: 0, chunks: 0 };
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < options.total) {
      next++;
      // Direct and bare-proxy requests need the stand-in's key; our route ignores the header and uses its own.
      const stream = await streamOnce(url, body, options.chunks, `Bearer ${options.apiKey}`);
      result.streams++;
      if (!stream.ok) {
        result.errors++;
        const kind = stream.failure ?? "truncated";
        result.failures[kind] = (result.failures[kind] ?? 0) + 1;
      }
      if (Number.isFinite(stream.ttfbMs)) result.ttfbMs.push(stream.ttfbMs);
      for (const delay of stream.delaysMs) result.delaysMs.push(delay);
      result.reads += stream.reads;
      result.chunks += stream.chunks;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
