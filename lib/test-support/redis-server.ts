/** Test helpers: a real redis-server on a free loopback port, and free ports where nothing listens. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free loopback port, found by letting the OS pick one; nothing listens there afterwards. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export interface RunningRedis {
  url: string;
  /** Resolves once the server has exited: from then on nothing answers at `url`. */
  stop(): Promise<void>;
}

/** Resolves once the server says it accepts connections. */
export async function startRedisServer(): Promise<RunningRedis> {
  const port = await freePort();
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" });
  await new Promise<void>((resolve, reject) => {
    redis.on("error", (error) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`)));
    redis.stdout!.on("data", (data: Buffer) => {
      if (data.toString().includes("Ready to accept connections")) resolve();
    });
  });
  const exited = new Promise<void>((resolve) => redis.once("exit", () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      redis.kill();
      return exited;
    },
  };
}
