import { Server as HttpServer, type IncomingMessage } from "node:http";
import { Server as HttpsServer } from "node:https";
import { PEER_HEADER } from "./client-address.ts";

/**
 * Next.js route handlers never see the socket, and `next start` only fills in
 * X-Forwarded-For when the request has none, so a client could put any address
 * there. This stamps the TCP peer onto each request as it arrives, the way a
 * reverse proxy would: appended to X-Forwarded-For, and alone in PEER_HEADER.
 */
export function stampPeerAddress(request: IncomingMessage): void {
  // A client cannot bring its own: whatever arrived under this name goes.
  delete request.headers[PEER_HEADER];
  // A socket already closed has no address: the request stays unplaced, and the guard refuses it alone.
  const peer = request.socket.remoteAddress;
  if (!peer) return;
  const forwarded = request.headers["x-forwarded-for"];
  request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  request.headers[PEER_HEADER] = peer;
}

const installed = Symbol.for("chatbase-chat.peer-address-hook");

/**
 * Makes every Node HTTP and HTTPS server in this process (`next start`, and `next start --experimental-https`,
 * whose server is an https.Server, not an http.Server) stamp its requests before any listener sees them.
 */
export function installPeerAddressHook(): void {
  for (const ServerClass of [HttpServer, HttpsServer]) {
    const prototype = ServerClass.prototype as HttpServer & { [installed]?: true };
    if (Object.hasOwn(prototype, installed)) continue;
    const emit = prototype.emit;
    prototype.emit = function (this: HttpServer, event: string | symbol, ...args: unknown[]) {
      if (event === "request") stampPeerAddress(args[0] as IncomingMessage);
      return emit.apply(this, [event, ...args] as Parameters<HttpServer["emit"]>);
    } as HttpServer["emit"];
    prototype[installed] = true;
  }
}
