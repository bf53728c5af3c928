import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy on loopback in front of an app, that can cut the network the way a phone loses it: every open
 * connection reset at once, and every new one reset too until the network is back. It may come back through
 * another instance of the app, as a new request on Vercel rarely meets the instance that served the last one.
 */
export interface CuttingProxy {
  url: string;
  /** Resets every connection now, and every new one for `ms`; resolves when the network is back, through `thenTo` if given. */
  cut(ms: number, thenTo?: number): Promise<void>;
  /** How many connections went through to the app on `port`. */
  connectionsTo(port: number): number;
  close(): Promise<void>;
}

export async function cuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  const connections = new Map<number, number>();
  let target = targetPort;
  let downUntil = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (Date.now() < downUntil) return client.resetAndDestroy();
    connections.set(target, (connections.get(target) ?? 0) + 1);
    const upstream = connect(target, "127.0.0.1");
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    async cut(ms, thenTo) {
      downUntil = Date.now() + ms;
      if (thenTo !== undefined) target = thenTo;
      for (const socket of sockets) socket.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    connectionsTo: (port) => connections.get(port) ?? 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
