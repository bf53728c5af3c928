import { get } from "node:http";
import { gunzipSync } from "node:zlib";
import { expect, test, type Page, type Route } from "@playwright/test";
import { composer, exchange, lastReply, open, ready, send, sendButton } from "./support/page";
import { appUrl } from "./support/servers";
import { EARLY_INTENTS_ID, PAGE_STYLESHEET_ID } from "../lib/inline-html/ids.ts";

/** Holds back the page's JavaScript chunks (those whose source matches `which`) until `release` is called. */
async function holdScripts(page: Page, which: (source: string) => boolean = () => true) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/*.js", async (route: Route) => {
    const response = await route.fetch();
    const source = await response.text();
    if (which(source)) await released;
    await route.fulfill({ response, body: source });
  });
  return release;
}

/** The page's HTML as it crosses the network (gzip, as next start sends it): its size with headers, and its text. */
function fetchCompressed(url: string, language: string): Promise<{ wireBytes: number; html: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "Accept-Encoding": "gzip", "Accept-Language": language } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        // The status line, each header (its name and ": ", its value and CRLF), the blank line.
        const headerBytes = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`.length + response.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0) + 2;
        expect(response.headers["content-encoding"]).toBe("gzip");
        resolve({ wireBytes: body.length + headerBytes, html: gunzipSync(body).toString("utf8") });
      });
    }).on("error", reject);
  });
}

/** What a new connection brings in its first round trip: ten segments of 1,460 bytes (RFC 6928's initial window). */
const FIRST_ROUND_TRIP_BYTES = 10 * 1460;

/** A string only the AI SDK's chat code holds, and only the Markdown renderer's. */
const AI_SDK = "resetStateOnFirstMessageStart";
const MARKDOWN = "remarkjs/react-markdown";

test.describe("first paint", () => {
  // A chunk asked for as the test ends (the page loads code on intent) must not fail it after the fact.
  test.afterEach(({ page }) => page.unrouteAll({ behavior: "ignoreErrors" }));

  test("the header, welcome, starter prompts and composer are in the HTML, before any JavaScript runs", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(appUrl("branded"));
    await expect(page.getByRole("heading", { level: 1, name: "Acme Helper" })).toBeVisible();
    await expect(page.getByText("Welcome to Acme! Ask about orders, returns or opening hours.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Where is my order?" })).toBeVisible();
    await expect(composer(page)).toBeVisible();
    await expect(page.getByRole("button", { name: "New chat" })).toBeVisible();
    // Styled by the stylesheet written into the page (the CSP lets it apply by its nonce): nothing to fetch first.
    await expect(page.locator('link[rel="stylesheet"]')).toHaveCount(0);
    expect(await page.locator(".app").evaluate((app) => getComputedStyle(app).display)).toBe("flex");
    await context.close();
  });

  test("the stylesheet and the inline script are in the HTML once, and the page comes in a new connection's first round trip", async ({ page }) => {
    const written = (html: string, id: string) => html.match(new RegExp(`<(style|script) id="${id}"[^>]*>([\\s\\S]*?)</\\1>`))?.[2] ?? "";
    for (const language of ["en", "ar", "ja"]) {
      const { wireBytes, html } = await fetchCompressed(appUrl("branded"), language);
      // Each once: not repeated in the RSC payload the page carries for React (where quotes are escaped, so the
      // part looked for has none).
      const stylesheet = written(html, PAGE_STYLESHEET_ID);
      expect(stylesheet.length, language).toBeGreaterThan(10_000);
      expect(html.split(stylesheet.slice(0, 200)).length - 1, language).toBe(1);
      expect(written(html, EARLY_INTENTS_ID), language).toContain("__chatbaseEarlyIntents");
      expect(html.split("__chatbaseEarlyIntents").length - 1, language).toBe(1);
      expect(wireBytes, language).toBeLessThanOrEqual(FIRST_ROUND_TRIP_BYTES);
    }
    // In the browser, React keeps both as the server wrote them.
    const { html } = await fetchCompressed(appUrl("branded"), "en");
    await open(page, "branded");
    for (const id of [PAGE_STYLESHEET_ID, EARLY_INTENTS_ID]) expect(await page.locator(`#${id}`).evaluate((element) => element.textContent), id).toBe(written(html, id));
  });

  test("text typed before the page hydrates is kept, and sends once it has", async ({ page }) => {
    const release = await holdScripts(page);
    await page.goto(appUrl("v1"), { waitUntil: "domcontentloaded" });
    await composer(page).pressSequentially("[[reply=echo delay=0]] typed before hydration");
    release();
    await ready(page);
    await expect(composer(page)).toHaveValue("[[reply=echo delay=0]] typed before hydration");
    await sendButton(page).click();
    await expect(lastReply(page)).toHaveText("typed before hydration");
  });

  test("Enter and Send before the page hydrates send the message once it has: nothing typed is lost", async ({ page }) => {
    for (const how of ["Enter", "Send"] as const) {
      const release = await holdScripts(page);
      await page.goto(appUrl("v1"), { waitUntil: "domcontentloaded" });
      await composer(page).pressSequentially(`[[reply=echo delay=0]] sent with ${how} before hydration`);
      if (how === "Enter") await composer(page).press("Enter");
      else await sendButton(page).click();
      await expect(composer(page)).toHaveValue("");
      release();
      await ready(page);
      await expect(page.locator('[data-role="user"]').last()).toContainText(`sent with ${how} before hydration`);
      await expect(lastReply(page)).toHaveText(`sent with ${how} before hydration`);
      await expect(composer(page)).toHaveValue("");
      await page.unrouteAll({ behavior: "ignoreErrors" });
      await page.getByRole("button", { name: "New chat" }).click();
    }
  });

  test("a first visit's first message leaves the moment it is sent, before the page's code has loaded, and is read once", async ({ page }) => {
    const release = await holdScripts(page);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/chat") && request.method() === "POST") posts.push(request.postData() ?? "");
    });
    await page.goto(appUrl("v1"), { waitUntil: "domcontentloaded" });
    const posted = page.waitForRequest((request) => request.url().endsWith("/api/chat") && request.method() === "POST");
    await composer(page).pressSequentially("[[reply=echo delay=0]] on its way before hydration");
    await composer(page).press("Enter");
    // Every script of the page is still held back: the inline script sent it.
    expect(JSON.parse((await posted).postData()!)).toMatchObject({
      messages: [{ role: "user", parts: [{ type: "text", text: "[[reply=echo delay=0]] on its way before hydration" }] }],
      conversationId: expect.stringMatching(/^web-/),
      visitorId: expect.stringMatching(/^v-/),
    });
    release();
    await ready(page);
    await expect(lastReply(page)).toHaveText("on its way before hydration");
    await expect(page.locator('[data-role="user"]')).toHaveCount(1);
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    expect(posts).toHaveLength(1);
    // The page took the request's conversation id and visitor id as its own: the next turn carries the same.
    await exchange(page, "[[reply=echo delay=0]] and the next one");
    expect(JSON.parse(posts[1])).toMatchObject({ conversationId: JSON.parse(posts[0]).conversationId, visitorId: JSON.parse(posts[0]).visitorId });
    await page.reload();
    await ready(page);
    await expect(page.locator('[data-role="user"]')).toHaveCount(2);
  });

  test("a first visit's first message and its reply's words show before the page's code has loaded, then the page takes them over", async ({ page }) => {
    const release = await holdScripts(page);
    await page.goto(appUrl("v1"), { waitUntil: "domcontentloaded" });
    await composer(page).pressSequentially("[[reply=echo delay=0]] drawn before hydration");
    await composer(page).press("Enter");
    // Every script of the page is still held back: the inline script draws the message, then the reply's words.
    await expect(page.locator('[data-role="user"]')).toHaveText(["[[reply=echo delay=0]] drawn before hydration"]);
    await expect(page.getByRole("article", { name: "Assistant said" })).toHaveText("drawn before hydration");
    await expect(page.locator(".welcome")).toBeHidden();
    await expect(page.locator(".app")).not.toHaveAttribute("data-loaded", "true");
    // Busy until the page has taken the reply over; a second message meanwhile stays in the box as typed.
    await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "true");
    await composer(page).fill("[[reply=echo delay=0]] a second message");
    await composer(page).press("Enter");
    await expect(composer(page)).toHaveValue("[[reply=echo delay=0]] a second message");
    release();
    await ready(page);
    await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "false");
    await expect(composer(page)).toHaveValue("[[reply=echo delay=0]] a second message");
    // The page's own list replaced what the script drew: each message once, the reply whole.
    await expect(page.locator(".early-turns")).toHaveCount(0);
    await expect(page.locator('[data-role="user"]')).toHaveCount(1);
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(lastReply(page)).toHaveText("drawn before hydration");
  });

  test("a returning visitor's message sent before hydration shows at once, and is sent once the page has hydrated", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] an earlier conversation");
    await page.getByRole("button", { name: "New chat" }).click();
    const release = await holdScripts(page);
    await page.goto(appUrl("v1"), { waitUntil: "domcontentloaded" });
    await composer(page).pressSequentially("[[reply=echo delay=0]] kept while the page loads");
    await sendButton(page).click();
    await expect(page.getByRole("article", { name: "You said" })).toHaveText("[[reply=echo delay=0]] kept while the page loads");
    release();
    await ready(page);
    await expect(lastReply(page)).toHaveText("kept while the page loads");
    await expect(page.getByRole("article", { name: "You said" }).filter({ hasText: "kept while the page loads" })).toHaveCount(1);
  });

  test("a message sent after hydration while the open conversation is still being read is sent once, and does not come back into the box", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] the conversation to reopen");
    // IndexedDB answers only when the test says: the page has hydrated and shows the list, the conversation is not read yet.
    await page.addInitScript(() => {
      const openDatabase = IDBFactory.prototype.open;
      const held = new Promise<void>((resolve) => ((window as unknown as { releaseIndexedDb: () => void }).releaseIndexedDb = resolve));
      IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory["open"]>) {
        const request = openDatabase.apply(this, args);
        let onSuccess: ((event: Event) => void) | null = null;
        Object.defineProperty(request, "onsuccess", { configurable: true, get: () => onSuccess, set: (handler) => (onSuccess = handler) });
        request.addEventListener("success", (event) => void held.then(() => onSuccess?.call(request, event)));
        return request;
      };
    });
    await page.reload();
    await expect(page.locator(".conversation-open")).toHaveCount(1);
    await expect(page.locator(".app")).not.toHaveAttribute("data-loaded", "true");
    await composer(page).fill("[[reply=echo delay=0]] sent while the conversation is read");
    await composer(page).press("Enter");
    await expect(composer(page)).toHaveValue("");
    await page.evaluate(() => (window as unknown as { releaseIndexedDb: () => void }).releaseIndexedDb());
    await ready(page);
    await expect(lastReply(page)).toHaveText("sent while the conversation is read");
    await expect(page.locator('[data-role="user"]')).toHaveCount(2);
    await expect(sendButton(page)).toBeVisible();
    // The reply has settled (the composer drew itself again): what was sent is not back in the box.
    await expect(composer(page)).toHaveValue("");
  });

  test("a starter prompt tapped before the page hydrates is sent once it has", async ({ page }) => {
    const release = await holdScripts(page);
    await page.goto(appUrl("branded"), { waitUntil: "domcontentloaded" });
    await page.getByRole("button", { name: "Where is my order?" }).click();
    release();
    await ready(page);
    await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText(["Where is my order?"]);
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(sendButton(page)).toBeVisible({ timeout: 15_000 });
  });

  test("the AI SDK and the Markdown renderer are not in the first load: they load on the visitor's first intent", async ({ page }) => {
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text().catch(() => ""));
    });
    await open(page, "v1");
    await page.waitForLoadState("networkidle");
    const firstLoad = await Promise.all(scripts);
    expect(firstLoad.some((source) => source.includes(AI_SDK))).toBe(false);
    expect(firstLoad.some((source) => source.includes(MARKDOWN))).toBe(false);
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "false");
    await composer(page).focus();
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    const all = await Promise.all(scripts);
    expect(all.some((source) => source.includes(AI_SDK))).toBe(true);
    expect(all.some((source) => source.includes(MARKDOWN))).toBe(true);
  });

  test("a message sent before the AI SDK has loaded leaves at once and streams; the AI SDK takes the same reply over", async ({ page }) => {
    const release = await holdScripts(page, (source) => source.includes(AI_SDK));
    const chatRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/chat")) chatRequests.push(request.method());
    });
    await open(page, "v1");
    await send(page, "[[reply=echo chunkBytes=4 delay=60]] every word of this reply arrives while the AI SDK is held back");
    await expect(lastReply(page)).toHaveText("every word of this reply arrives while the AI SDK is held back", { timeout: 15_000 });
    await expect(page.locator(".conversation")).not.toHaveAttribute("data-ready", "true");
    expect(chatRequests).toEqual(["POST"]);
    release();
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(lastReply(page)).toHaveText("every word of this reply arrives while the AI SDK is held back");
    await exchange(page, "[[reply=echo delay=0]] and the next one goes through the AI SDK");
    await expect(lastReply(page)).toHaveText("and the next one goes through the AI SDK");
    expect(chatRequests).toEqual(["POST", "POST"]);
  });

  test("the AI SDK taking over mid-reply repeats no word and loses none", async ({ page }) => {
    const release = await holdScripts(page, (source) => source.includes(AI_SDK));
    await open(page, "v1");
    await send(page, "[[reply=echo chunkBytes=3 delay=80]] one two three four five six seven eight nine ten eleven twelve");
    await expect(lastReply(page)).toContainText("one two");
    release();
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    await expect(sendButton(page)).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(lastReply(page)).toHaveText("one two three four five six seven eight nine ten eleven twelve");
    await page.reload();
    await ready(page);
    await expect(lastReply(page)).toHaveText("one two three four five six seven eight nine ten eleven twelve");
  });

  test("if the AI SDK's code fails to arrive, the reply still shows, the visitor is told, and Retry loads it", async ({ page }) => {
    let offline = true;
    await page.route("**/_next/static/chunks/*.js", async (route) => {
      const response = await route.fetch();
      const source = await response.text();
      if (source.includes(AI_SDK) && offline) return route.abort("internetdisconnected");
      await route.fulfill({ response, body: source });
    });
    await open(page, "v1");
    await send(page, "[[reply=echo delay=0]] a reply that needs no AI SDK");
    await expect(lastReply(page)).toHaveText("a reply that needs no AI SDK");
    const alert = page.getByRole("alert").filter({ hasText: "Part of the chat did not load" });
    await expect(alert).toBeVisible();
    await expect(sendButton(page)).toBeVisible();
    offline = false;
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect(alert).toHaveCount(0);
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    await exchange(page, "[[reply=echo delay=0]] and the next one too");
    await expect(lastReply(page)).toHaveText("and the next one too");
  });

  test("while the Markdown renderer is still loading, a reply shows its words, not typing dots", async ({ page }) => {
    const release = await holdScripts(page, (source) => source.includes("remarkjs/react-markdown"));
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] words that *arrived*");
    await expect(lastReply(page)).toHaveText("words that *arrived*");
    await expect(lastReply(page).locator(".typing")).toHaveCount(0);
    release();
    await expect(lastReply(page).locator("em")).toHaveText("arrived");
  });

  test("a first visit's page is drawn once: the server's message area, welcome and starter prompts stay once hydrated", async ({ page }) => {
    // Watched from before the HTML is parsed: any of them taken out of the page (drawn again) is recorded.
    await page.addInitScript(() => {
      const removed: string[] = [];
      (window as unknown as { removed: string[] }).removed = removed;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.removedNodes)
            if (node instanceof Element && node.matches(".message-area, .welcome, .starter-prompt, .message-area *")) removed.push(node.className);
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(appUrl("branded"));
    await ready(page);
    await expect(page.getByRole("button", { name: "Where is my order?" })).toBeVisible();
    // The stored draft and the list are read in effects after hydration: two more frames for what they change.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.evaluate(() => (window as unknown as { removed: string[] }).removed)).toEqual([]);
  });

  test("stored conversations fill in without shifting the layout", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] a conversation to come back to");
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
      }).observe({ type: "layout-shift", buffered: true });
    });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 760 });
      await page.reload();
      await ready(page);
      await expect(lastReply(page)).toHaveText("a conversation to come back to");
      // The observer reports shifts after the frame they happened in: wait for two more frames.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
      const cls = shifts.reduce((sum, value) => sum + value, 0);
      expect(cls, `layout shift at ${width} px: ${shifts.join(", ")}`).toBeLessThanOrEqual(0.02);
    }
  });
});
