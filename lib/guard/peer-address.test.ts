import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PEER_HEADER } from "./client-address.ts";
import { installPeerAddressHook } from "./peer-address.ts";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real server that answers with the headers its listener saw. */
async function echoHeaders(headers: Record<string, string>): Promise<Record<string, string>> {
  installPeerAddressHook();
  server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return (await fetch(`http://127.0.0.1:${port}/`, { headers })).json();
}

describe("installPeerAddressHook", () => {
  it("appends the TCP peer to X-Forwarded-For and overwrites a forged peer header", async () => {
    const seen = await echoHeaders({ "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" });
    expect(seen[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("6.6.6.6, 127.0.0.1");
  });

  it("sets X-Forwarded-For to the peer when the request had none, and installs only once", async () => {
    installPeerAddressHook();
    const seen = await echoHeaders({});
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
  });
});
