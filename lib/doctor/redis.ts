import { Redis } from "ioredis";
import type { CheckLine } from "./types.ts";

/** Connects once, sends PING, and hangs up: no retries, so a Redis that is down fails at once. */
export async function redisLine(redisUrl: string, timeoutMs: number): Promise<CheckLine> {
  const url = new URL(redisUrl);
  const where = `${url.hostname}:${url.port || "6379"}`;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, a TLS failure) says more than the "Connection is closed" that follows it.
  let socketError: Error | undefined;
  redis.on("error", (error: Error) => (socketError ??= error));
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== "PONG") throw new Error(`answered ${pong}`);
    return { ok: true, text: `Redis at ${where} answered PING.` };
  } catch (error) {
    // ioredis's messages name host and port at most; a password in the URL is cut out all the same.
    const message = (socketError ?? (error as Error)).message.replace(/\.$/, "");
    const reason = url.password ? message.replaceAll(decodeURIComponent(url.password), "…") : message;
    return {
      ok: false,
      text: `Redis at ${where} is not reachable: ${reason}.`,
      fix: "Check REDIS_URL (host, port, password; rediss:// for TLS) and that Redis accepts connections from here, or remove REDIS_URL to count in memory.",
    };
  } finally {
    redis.disconnect();
  }
}
