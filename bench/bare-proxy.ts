import { request as httpRequest, createServer } from "node:http";
import { parseArgs } from "node:util";

/**
 * The floor for a Node proxy: node:http alone, forwarding the body to the
 * stand-in's /api/v1/chat and piping the answer back, adding nothing.
 */
const { values } = parseArgs({ options: { port: { type: "string" }, upstream: { type: "string" } } });
const upstream = new URL("/api/v1/chat", values.upstream);

const server = createServer((req, res) => {
  const forward = httpRequest(
    upstream,
    { method: "POST", headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "text/plain" });
      answer.pipe(res);
    },
  );
  forward.on("error", () => res.destroy());
  res.on("close", () => forward.destroy());
  req.pipe(forward);
});
server.keepAliveTimeout = 10_000;
server.listen(Number(values.port), "127.0.0.1", () => console.log(`bare proxy on ${values.port}`));
