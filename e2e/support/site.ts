import { createServer, type Server } from "node:http";
import { unique } from "./http";

interface SitePage {
  html: string;
  headers?: Record<string, string>;
}

/**
 * An owner's site for browser tests: serves whatever page a test put at a path, on loopback, addressed as
 * localhost (another site than the app on 127.0.0.1).
 */
export class Site {
  readonly pages = new Map<string, SitePage>();
  readonly origin: string;
  private server?: Server;
  constructor(origin: string) {
    this.origin = origin;
  }

  async start() {
    this.server = createServer((req, res) => {
      const page = this.pages.get(new URL(req.url ?? "/", this.origin).pathname);
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...page.headers }).end(page.html);
    });
    await new Promise<void>((resolve) => this.server!.listen(Number(new URL(this.origin).port), "127.0.0.1", resolve));
  }

  async stop() {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Puts a page on the site and returns its URL. */
  page(body: string, { head = "", headers }: { head?: string; headers?: Record<string, string> } = {}): string {
    const path = `/${unique("page")}`;
    this.pages.set(path, { html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head><body>${body}</body></html>`, headers });
    return this.origin + path;
  }
}
