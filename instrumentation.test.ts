import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PEER_HEADER } from "./lib/guard/client-address.ts";

let server: Server | undefined;

beforeEach(() => {
  // The configuration is read once per process: each test starts from a fresh module graph.
  vi.resetModules();
  vi.stubEnv("NEXT_RUNTIME", "nodejs");
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The headers a real server's listener sees for a request claiming to come from 6.6.6.6. */
async function headersSeen(): Promise<Record<string, string>> {
  server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return (await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6" } })).json();
}

describe("register (instrumentation.ts)", () => {
  // Order matters: once installed, the hook stays for the life of the process, as it does in a server.
  it("leaves requests alone on Vercel, whose edge already says who the client is", async () => {
    vi.stubEnv("VERCEL", "1");
    const { register } = await import("./instrumentation.ts");
    await register();
    const seen = await headersSeen();
    expect(seen[PEER_HEADER]).toBeUndefined();
    expect(seen["x-forwarded-for"]).toBe("6.6.6.6");
  });

  it("stamps the TCP peer on each request when self-hosted", async () => {
    vi.stubEnv("VERCEL", "");
    const { register } = await import("./instrumentation.ts");
    await register();
    const seen = await headersSeen();
    expect(seen[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("6.6.6.6, 127.0.0.1");
  });
});
