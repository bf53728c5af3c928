import { Server, type IncomingMessage } from "node:http";
import { PEER_HEADER } from "./client-address.ts";

/**
 * Next.js route handlers never see the socket, and `next start` only fills in
 * X-Forwarded-For when the request has none, so a client could put any address
 * there. This stamps the TCP peer onto each request as it arrives, the way a
 * reverse proxy would: appended to X-Forwarded-For, and alone in PEER_HEADER.
 */
export function stampPeerAddress(request: IncomingMessage): void {
  const peer = request.socket.remoteAddress ?? "unknown";
  const forwarded = request.headers["x-forwarded-for"];
  request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  request.headers[PEER_HEADER] = peer;
}

const installed = Symbol.for("chatbase-chat.peer-address-hook");

/** Makes every Node HTTP server in this process stamp its requests before any listener sees them. */
export function installPeerAddressHook(): void {
  const prototype = Server.prototype as Server & { [installed]?: true };
  if (prototype[installed]) return;
  const emit = prototype.emit;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") stampPeerAddress(args[0] as IncomingMessage);
    return emit.apply(this, [event, ...args] as Parameters<Server["emit"]>);
  } as Server["emit"];
  prototype[installed] = true;
}
