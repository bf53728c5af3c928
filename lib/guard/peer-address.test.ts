import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
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

  it("covers https servers too (next start --experimental-https), which are not http.Server", () => {
    installPeerAddressHook();
    const seen: IncomingMessage[] = [];
    const secure = createHttpsServer((req) => seen.push(req));
    const request = { socket: { remoteAddress: "198.51.100.4" }, headers: { "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" } } as unknown as IncomingMessage;
    secure.emit("request", request, {});
    expect(seen[0].headers[PEER_HEADER]).toBe("198.51.100.4");
    expect(seen[0].headers["x-forwarded-for"]).toBe("6.6.6.6, 198.51.100.4");
  });

  it("leaves a request whose socket has no address unplaced, dropping a forged peer header", () => {
    installPeerAddressHook();
    const seen: IncomingMessage[] = [];
    const plain = createServer((req) => seen.push(req));
    const request = { socket: {}, headers: { [PEER_HEADER]: "6.6.6.6" } } as unknown as IncomingMessage;
    plain.emit("request", request, {});
    expect(seen[0].headers[PEER_HEADER]).toBeUndefined();
    expect(seen[0].headers["x-forwarded-for"]).toBeUndefined();
  });

  it("sets X-Forwarded-For to the peer when the request had none, and installs only once", async () => {
    installPeerAddressHook();
    const seen = await echoHeaders({});
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
  });
});
