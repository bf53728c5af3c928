import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { StoredContact } from "./contacts.ts";
import { createStandin, type StandinOptions } from "./handler.ts";

/** One request the stand-in received, and how its connection ended. */
export interface ReceivedRequest {
  id: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: number;
  /** When the connection closed, and whether the stand-in had sent the whole reply by then. */
  closedAt?: number;
  completed?: boolean;
}

export interface RunningStandin {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** The contacts stored so far, as Chatbase would keep them (unknown fields dropped). */
  contacts(): StoredContact[];
  /** Resolves once a request whose body contains `marker` has closed. */
  closed(marker: string, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

const MAX_RECORDS = 10_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return raw.toString("utf8");
  }
}

/** Pipes a Fetch Response into Node's response; a body that errors resets the socket, as a dropped upstream would. */
async function send(response: Response, req: IncomingMessage, res: ServerResponse, record: ReceivedRequest) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let clientLeft = false;
  res.on("close", () => {
    if (res.writableFinished) return;
    clientLeft = true;
    reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (clientLeft) return;
      if (done) break;
      res.write(value);
    }
    record.completed = true;
    res.end();
  } catch {
    req.socket.resetAndDestroy();
  }
}

export function startStandin(options: StandinOptions & { port?: number; host?: string } = {}): Promise<RunningStandin> {
  const standin = createStandin({ scenarios: true, ...options });
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;

  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/__standin/requests") {
      if (req.method === "DELETE") requests.length = 0;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(req.method === "DELETE" ? "[]" : JSON.stringify(requests));
      return;
    }
    if (path === "/__standin/contacts") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(standin.contacts()));
      return;
    }
    const record: ReceivedRequest = {
      id: nextId++,
      method: req.method ?? "GET",
      path,
      headers: req.headers,
      body: undefined,
      receivedAt: Date.now(),
    };
    requests.push(record);
    if (requests.length > MAX_RECORDS) requests.shift();
    res.on("close", () => {
      record.closedAt = Date.now();
      record.completed ??= false;
      for (const wake of waiters) wake();
    });

    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    try {
      const raw = await readBody(req);
      record.body = parseBody(raw);
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(raw),
        signal: aborted.signal,
      });
      await send(await standin.handle(request), req, res, record);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: `stand-in failure: ${(error as Error).message}` }));
      } else {
        res.destroy();
      }
    }
  });
  server.keepAliveTimeout = 5_000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        requests,
        contacts: standin.contacts,
        closed(marker, timeoutMs = 5_000) {
          return new Promise((resolveClosed, rejectClosed) => {
            const check = () => {
              const found = requests.find((r) => r.closedAt !== undefined && JSON.stringify(r.body ?? "").includes(marker));
              if (!found) return false;
              waiters.delete(check);
              clearTimeout(timer);
              resolveClosed(found);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rejectClosed(new Error(`stand-in: no closed request containing ${marker} within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close() {
          return new Promise((resolveClose) => {
            server.closeAllConnections();
            server.close(() => resolveClose());
          });
        },
      });
    });
  });
}
