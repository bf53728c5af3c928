import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { ask, postChat, standinRequests, unique } from "./support/http";
import { open } from "./support/page";
import { ALLOWED_PAGE_ORIGIN, appUrl, EMBEDDING_ORIGIN, OTHER_PAGE_ORIGIN, RATE_LIMITS, serverLog, type AppName } from "./support/servers";

const echo = (marker: string) => ask(`[[reply=echo delay=0]] ${marker}`);
/** What a browser sends with the page's own fetch. */
const sameOrigin = (app: AppName) => ({ Origin: appUrl(app), "Sec-Fetch-Site": "same-origin" });
/** A visitor's address as a trusted proxy in front of the app would append it. */
const viaProxy = (address: string, forged?: string) => ({ "X-Forwarded-For": forged ? `${forged}, ${address}` : address });
const octet = () => Math.floor(Math.random() * 254) + 1;
/** A made-up visitor address, different for each test (each has its own count). */
const visitor = () => `10.${octet()}.${octet()}.${octet()}`;

/**
 * A page of another site, with no CSP of ours limiting what its scripts may fetch: a blank page from a
 * server on loopback (so that Chromium lets it reach loopback), addressed as localhost, another site than 127.0.0.1.
 */
async function openOtherSite(page: Page, origin: string): Promise<Server> {
  const server = createServer((_, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Another site</title>"));
  await new Promise<void>((resolve) => server.listen(Number(new URL(origin).port), "127.0.0.1", resolve));
  await page.goto(`${origin}/`);
  return server;
}

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/json");
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

test.describe("same-origin only", () => {
  test("another site's request is refused with 403 forbidden_origin and never reaches Chatbase", async () => {
    const refused: Record<string, string>[] = [
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "http://127.0.0.1.evil.example", "Sec-Fetch-Site": "same-site" },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of refused) {
      const marker = unique("cross");
      const response = await postChat("v1", echo(marker), headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await errorOf(response)).toEqual({ code: "forbidden_origin", message: "This chat can only be used from its own page." });
      expect(await standinRequests(marker)).toHaveLength(0);
    }
  });

  test("the page's own origin, and a request with no browser headers, are served", async () => {
    const own = await postChat("v1", echo("own origin"), sameOrigin("v1"));
    expect(await own.text()).toBe("own origin");
    const server = await postChat("v1", echo("no origin"));
    expect(await server.text()).toBe("no origin");
  });

  test("an origin the owner allows (ALLOWED_ORIGINS) is served; others still are not", async () => {
    const address = visitor();
    const allowed = await postChat("proxied", echo("embedded"), { Origin: EMBEDDING_ORIGIN, "Sec-Fetch-Site": "cross-site", ...viaProxy(address) });
    expect(await allowed.text()).toBe("embedded");
    const other = await postChat("proxied", echo("other"), { Origin: "https://other.example", "Sec-Fetch-Site": "cross-site", ...viaProxy(address) });
    expect(other.status).toBe(403);
  });

  test("a page on another origin cannot make a visitor's browser call /api/chat", async ({ page }) => {
    const marker = unique("browser-cross");
    const site = await openOtherSite(page, OTHER_PAGE_ORIGIN);
    const outcome = await page.evaluate(
      async ({ target, body }) => {
        // A "simple" request: the browser sends it without asking first, and only the server can refuse it.
        await fetch(target, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body }).catch(() => undefined);
        // A JSON request: the browser asks first (preflight), and is not told it may.
        return fetch(target, { method: "POST", headers: { "Content-Type": "application/json" }, body }).then(
          () => "read the reply",
          (error: Error) => error.name,
        );
      },
      { target: `${appUrl("v1")}/api/chat`, body: JSON.stringify(echo(marker)) },
    );
    site.close();
    expect(outcome).toBe("TypeError");
    await page.waitForTimeout(300);
    expect(await standinRequests(marker)).toHaveLength(0);
  });

  test("a page on an origin the owner allows can call /api/chat and read the reply and its conversation id", async ({ page }) => {
    const site = await openOtherSite(page, ALLOWED_PAGE_ORIGIN);
    const { text, conversationId } = await page.evaluate(async (target) => {
      const response = await fetch(target, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "[[reply=echo delay=0]] from an allowed site" }] }),
      });
      return { text: await response.text(), conversationId: response.headers.get("x-conversation-id") };
    }, `${appUrl("v1")}/api/chat`);
    site.close();
    expect(text).toBe("from an allowed site");
    expect(conversationId).toBeTruthy();
  });
});

test.describe("settings fail safe, not shut", () => {
  test('EMBED_ORIGINS="https://Shop.EXAMPLE, not-an-origin": chat answers, https://shop.example may embed, the bad entry is named', async () => {
    const chat = await postChat("proxied", echo("messy embed list"), viaProxy(visitor()));
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain("messy embed list");

    const check = await fetch(`${appUrl("proxied")}/api/embed`, { headers: { Origin: EMBEDDING_ORIGIN } });
    expect(((await check.json()) as { allowed: boolean }).allowed).toBe(true);
    const other = await fetch(`${appUrl("proxied")}/api/embed`, { headers: { Origin: "https://not-an-origin" } });
    expect(((await other.json()) as { allowed: boolean }).allowed).toBe(false);
    const frame = await fetch(`${appUrl("proxied")}/embed?origin=${encodeURIComponent(EMBEDDING_ORIGIN)}`, { headers: viaProxy(visitor()) });
    expect(frame.headers.get("content-security-policy")).toMatch(/frame-ancestors 'self' https:\/\/shop\.example(;|$)/);

    const health = (await (await fetch(`${appUrl("proxied")}/api/health`)).json()) as { configured: boolean; problems: string[] };
    expect(health.configured).toBe(true);
    expect(health.problems).toEqual([expect.stringMatching(/^EMBED_ORIGINS .*"not-an-origin"/)]);
    expect(readFileSync(serverLog("proxied"), "utf8")).toMatch(/\[config\] EMBED_ORIGINS .*"not-an-origin"/);
  });
});

test.describe("rate limit per client address", () => {
  test("a visitor forging a different X-Forwarded-For on each request still gets 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < RATE_LIMITS.limited + 2; i++) {
      const forged = { "X-Forwarded-For": `203.0.113.${i + 1}`, "X-Real-IP": `203.0.113.${i + 1}`, Forwarded: `for=203.0.113.${i + 1}` };
      const response = await postChat("limited", echo(`forged ${i}`), forged);
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.text();
    }
    expect(statuses).toEqual([...Array(RATE_LIMITS.limited).fill(200), 429, 429]);
    const retryAfter = Number(refused!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const error = await errorOf(refused!);
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/^You're sending messages too quickly\. Please wait \d+ seconds? and try again\.$/);
  });

  test("behind a trusted proxy each visitor has their own daily count, and a forged hop does not help", async () => {
    const [alice, bob] = [visitor(), visitor()];
    const statuses = [];
    for (let i = 0; i < RATE_LIMITS.proxiedPerDay + 1; i++) {
      const response = await postChat("proxied", echo(`alice ${i}`), viaProxy(alice, `10.9.9.${i}`));
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(86_000);
        expect((await errorOf(response)).message).toBe("You've reached today's limit of messages. Please come back tomorrow.");
      } else await response.text();
    }
    expect(statuses).toEqual([...Array(RATE_LIMITS.proxiedPerDay).fill(200), 429]);
    const other = await postChat("proxied", echo("bob"), viaProxy(bob));
    expect(await other.text()).toBe("bob");
  });

  test("two app instances sharing one Redis hold one limit between them", async () => {
    const address = visitor();
    const statuses = [];
    for (let i = 0; i < RATE_LIMITS.sharedPerMinute + 2; i++) {
      const app = i % 2 === 0 ? "sharedA" : "sharedB";
      const response = await postChat(app, echo(`shared ${i}`), viaProxy(address));
      statuses.push(`${app}:${response.status}`);
      await response.text();
    }
    expect(statuses).toEqual(["sharedA:200", "sharedB:200", "sharedA:200", "sharedB:200", "sharedA:429", "sharedB:429"]);
  });

  test("with Redis down, each instance goes on serving and limits in its own memory, and says so in the log", async () => {
    const address = visitor();
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await postChat("redisDown", echo(`down ${i}`), viaProxy(address));
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(readFileSync(serverLog("redisDown"), "utf8")).toContain("[rate-limit] The shared store failed");
  });

  test("the page tells the visitor in words when the limit is reached", async ({ page }) => {
    await page.setExtraHTTPHeaders(viaProxy(visitor()));
    await open(page, "proxied");
    const composer = page.getByRole("textbox", { name: "Message" });
    for (let i = 0; i < RATE_LIMITS.proxiedPerDay; i++) {
      await composer.fill(`[[reply=echo delay=0]] turn ${i}`);
      await composer.press("Enter");
      await expect(page.locator('[data-role="assistant"] .message-bubble').last()).toHaveText(`turn ${i}`);
    }
    await composer.fill("[[reply=echo delay=0]] one more");
    await composer.press("Enter");
    await expect(page.locator(".chat-error[role=alert]")).toContainText("You've reached today's limit of messages. Please come back tomorrow.");
  });
});

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"];

test.describe("security headers", () => {
  test("pages carry a policy with a fresh nonce each time, and no framing by default", async () => {
    const pages = [await fetch(appUrl("v1")), await fetch(appUrl("v1")), await fetch(`${appUrl("v1")}/no-such-page`)];
    const nonces = new Set<string>();
    for (const response of pages) {
      for (const name of SECURITY_HEADERS) expect(response.headers.get(name), `${response.url} ${name}`).toBeTruthy();
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'; /);
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      nonces.add(nonce);
      // Next.js put this response's nonce on its own scripts.
      if (response.status === 200) expect(await response.text()).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(pages.length);
  });

  test("API answers (success, errors, streams) and static files carry them too", async () => {
    const html = await (await fetch(appUrl("v1"))).text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1];
    const apis = [
      await fetch(`${appUrl("v1")}/api/health`),
      await postChat("v1", "{nope"),
      await postChat("v1", echo("headers")),
      await postChat("v1", echo("headers"), { Accept: "text/event-stream" }),
      await postChat("v1", echo("cross"), { Origin: "https://evil.example" }),
      await postChat("limited", echo("headers"), { Origin: "https://evil.example" }),
    ];
    for (const response of apis) {
      for (const name of SECURITY_HEADERS) expect(response.headers.get(name), `${response.url} ${name}`).toBeTruthy();
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      await response.arrayBuffer();
    }
    const asset = await fetch(`${appUrl("v1")}${script}`);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("referrer-policy")).toBeTruthy();
  });

  test("FRAME_ANCESTORS lets the owner's sites frame the page", async () => {
    const response = await fetch(appUrl("proxied"), { headers: viaProxy(visitor()) });
    expect(response.headers.get("content-security-policy")).toContain(`frame-ancestors 'self' ${EMBEDDING_ORIGIN}`);
    expect(response.headers.get("x-frame-options")).toBeNull();
  });
});

async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const console: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) console.push(message.text());
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))];
}

test.describe("Content-Security-Policy in the browser", () => {
  test("the page loads, hydrates and chats with zero violations", async ({ page }) => {
    const violations = await watchViolations(page);
    await open(page, "v1");
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("[[reply=echo delay=0]] no violations");
    await composer.press("Enter");
    await expect(page.locator('[data-role="assistant"] .message-bubble').last()).toHaveText("no violations");
    expect(await violations()).toEqual([]);
  });

  test("the 404 page runs with zero violations too", async ({ page }) => {
    const violations = await watchViolations(page);
    const response = await page.goto(`${appUrl("v1")}/no-such-page`);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole("link", { name: "Back to the chat" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
    await page.getByRole("link", { name: "Back to the chat" }).click();
    await expect(page).toHaveURL(`${appUrl("v1")}/`);
    await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  });

  test("a reply carrying markup is shown as text, and injected handlers cannot run", async ({ page }) => {
    const violations = await watchViolations(page);
    await open(page, "v1");
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill(`[[reply=echo delay=0]] ${payload}`);
    await composer.press("Enter");
    await expect(page.locator('[data-role="assistant"] .message-bubble').last()).toHaveText(payload);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Had markup reached the DOM some other way, the policy still stops inline handlers.
    await page.evaluate(() => {
      const holder = document.createElement("div");
      holder.innerHTML = `<img src="/favicon-missing.png" onerror="window.__pwned=3">`;
      document.body.append(holder);
    });
    await expect.poll(violations).toContainEqual(expect.stringContaining("script-src"));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
