import { expect, test, type Page, type Route } from "@playwright/test";
import { composer, exchange, lastReply, open, ready, sendButton } from "./support/page";
import { appUrl } from "./support/servers";

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

test.describe("first paint", () => {
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

  test("what the first reply needs is fetched once the page is idle, and runs when the visitor shows intent", async ({ page }) => {
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text().catch(() => ""));
    });
    await open(page, "v1");
    await expect(page.locator(".conversation")).toHaveAttribute("data-prefetched", "true");
    const sources = await Promise.all(scripts);
    expect(sources.some((source) => source.includes("remarkjs/react-markdown"))).toBe(true);
    expect(sources.some((source) => source.includes("text-delta"))).toBe(true);
    // Fetched, not run: running the AI SDK is what would block the main thread.
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "false");
    const fetchedAfterIdle = scripts.length;
    await composer(page).focus();
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    expect(scripts.length).toBe(fetchedAfterIdle);
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
