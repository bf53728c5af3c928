import AxeBuilder from "@axe-core/playwright";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { fillerText } from "../lib/chatbase/standin/reply";
import { cuttingProxy } from "./support/cutting-proxy";
import { standinClosed, standinRequests, unique } from "./support/http";
import { APPS, appUrl, embedSiteOrigin, unlistedSiteOrigin } from "./support/servers";
import { Site } from "./support/site";

/**
 * The chat on an owner's own site: pages of "another site" served by this test worker on localhost
 * (another site than the app on 127.0.0.1), each with embed.js's one script tag.
 */
const APP = appUrl("v1");
const SCRIPT = `<script src="${APP}/embed.js" defer></script>`;

let listed: Site;
let unlisted: Site;

test.beforeAll(async ({}, testInfo) => {
  listed = new Site(embedSiteOrigin(testInfo.parallelIndex));
  unlisted = new Site(unlistedSiteOrigin(testInfo.parallelIndex));
  await Promise.all([listed.start(), unlisted.start()]);
});

test.afterAll(async () => {
  await Promise.all([listed.stop(), unlisted.stop()]);
});

const SHOP = `<main><h1>Acme shop</h1><p>Everything for your garden.</p><a href="#offers">See offers</a></main>`;
const launcher = (page: Page) => page.locator("[data-chatbase-chat]").getByRole("button", { name: "Open chat" });
const panel = (page: Page) => page.getByRole("dialog", { name: "Assistant chat" });
const chat = (page: Page): FrameLocator => page.frameLocator('iframe[title="Assistant chat"]');

/** Waits until the chat in the frame has hydrated and read its storage, as a visitor's keys need. */
async function frameReady(page: Page) {
  await expect(chat(page).locator(".app")).toHaveAttribute("data-loaded", "true");
}

async function ask(page: Page, question: string) {
  const box = chat(page).getByRole("textbox", { name: "Message" });
  await box.fill(question);
  await box.press("Enter");
}

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations (${state})`).toEqual([]);
}

test("the launcher opens the chat in a frame, a reply streams inside it, and Escape or Close puts focus back on the launcher", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(APP)) requests.push(new URL(request.url()).pathname);
  });
  await page.goto(listed.page(SHOP + SCRIPT));
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveCSS("background-color", "rgb(79, 70, 229)");
  // Until the first open: embed.js and its check, no frame.
  expect(requests).toEqual(["/embed.js", "/api/embed"]);
  await expect(page.locator("iframe")).toHaveCount(0);

  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
  await frameReady(page);
  await expect(page.locator("[data-chatbase-chat]").getByRole("button", { name: "Close chat" })).toHaveAttribute("aria-expanded", "true");
  // The visitor types straight away.
  await expect(chat(page).getByRole("textbox", { name: "Message" })).toBeFocused();

  const marker = unique("embedded");
  await ask(page, `[[delay=40 words=60]] ${marker}`);
  const reply = chat(page).locator('[data-role="assistant"] .message-bubble').last();
  await expect(chat(page).locator('[data-role="assistant"][data-streaming]')).toHaveCount(1);
  await expect(reply).not.toBeEmpty();
  await expect(reply).toHaveText(fillerText(60));
  await expect(chat(page).locator('[data-role="assistant"][data-streaming]')).toHaveCount(0);

  // Escape while typing in the frame: the parent closes the panel and focuses its launcher.
  await chat(page).getByRole("textbox", { name: "Message" }).press("Escape");
  await expect(panel(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();

  // Open again: the same frame, the same conversation; its Close button closes it too.
  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await expect(page.locator("iframe")).toHaveCount(1);
  await expect(chat(page).locator(".message-bubble", { hasText: marker })).toBeVisible();
  await chat(page).getByRole("button", { name: "Close chat" }).click();
  await expect(panel(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();

  // Escape on the host page closes it as well.
  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
  await page.locator("h1").click();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toBeHidden();
  await expect(launcher(page)).toBeFocused();
});

test("data-open opens on load, data-position puts it on the left, data-label is its visible text", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(listed.page(SHOP + `<script src="${APP}/embed.js" data-open="true" data-position="left" data-label="Questions?" defer></script>`));
  await expect(panel(page)).toBeVisible();
  await frameReady(page);
  const button = page.locator("[data-chatbase-chat] .launcher");
  await expect(button).toHaveText("AQuestions?");
  const box = (await button.boundingBox())!;
  expect(box.x).toBeLessThan(100);
  const panelBox = (await panel(page).boundingBox())!;
  expect(panelBox.x).toBeLessThan(100);
  // Opening on load leaves the host page's focus alone.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await button.click();
  await expect(panel(page)).toBeHidden();
  await expect(page.getByRole("button", { name: "Questions?" })).toBeFocused();
});

test("the network drops for 3 s mid-reply: the frame picks the reply up where it stopped, every word once, one Chatbase call", async ({ page }) => {
  // The app behind a proxy that can cut the network: embed.js and its frame come from the proxy's address.
  const proxy = await cuttingProxy(APPS.v1.port);
  try {
    const marker = unique("embed-drop");
    const text = `${marker} ${"every word arrives exactly once, in order, ".repeat(6).trim()}`;
    await page.goto(listed.page(SHOP + `<script src="${proxy.url}/embed.js" data-open="true" defer></script>`));
    await frameReady(page);
    await ask(page, `[[reply=echo chunkBytes=4 delay=60]] ${text}`);
    const reply = chat(page).locator('[data-role="assistant"] .message-bubble').last();
    await expect(reply).toContainText("every word");
    await proxy.cut(3_000);
    await expect(reply).toHaveText(text, { timeout: 20_000 });
    await expect(chat(page).locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(chat(page).locator('[data-role="assistant"][data-streaming]')).toHaveCount(0);
    await expect(chat(page).getByText("Interrupted: this reply is incomplete")).toHaveCount(0);
    expect(await standinRequests(marker)).toHaveLength(1);
    expect((await standinClosed(marker)).completed).toBe(true);
  } finally {
    await proxy.close();
  }
});

test.describe("in the host visitor's language", () => {
  test.use({ locale: "fr-FR" });

  test("the launcher and the frame are named in French", async ({ page }) => {
    await page.goto(listed.page(SHOP + SCRIPT));
    const button = page.locator("[data-chatbase-chat]").getByRole("button", { name: "Ouvrir le chat" });
    await button.click();
    await expect(page.locator('iframe[title="Discussion avec Assistant"]')).toBeVisible();
    await expect(page.frameLocator("iframe").getByRole("button", { name: "Fermer le chat" })).toBeVisible();
  });
});

test("window.ChatbaseChat opens, closes and toggles the chat", async ({ page }) => {
  await page.goto(listed.page(SHOP + SCRIPT));
  await expect(launcher(page)).toBeVisible();
  await page.evaluate(() => (window as unknown as { ChatbaseChat: { open(): void } }).ChatbaseChat.open());
  await expect(panel(page)).toBeVisible();
  await frameReady(page);
  await page.evaluate(() => (window as unknown as { ChatbaseChat: { close(): void } }).ChatbaseChat.close());
  await expect(panel(page)).toBeHidden();
  await page.evaluate(() => (window as unknown as { ChatbaseChat: { toggle(): void } }).ChatbaseChat.toggle());
  await expect(panel(page)).toBeVisible();
  await page.evaluate(() => (window as unknown as { ChatbaseChat: { toggle(): void } }).ChatbaseChat.toggle());
  await expect(panel(page)).toBeHidden();
});

test("a site not in EMBED_ORIGINS gets no launcher and no frame, and one console warning naming the variable and the site", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  const checked = page.waitForResponse(`${APP}/api/embed`);
  await page.goto(unlisted.page(SHOP + SCRIPT));
  expect(await (await checked).json()).toMatchObject({ allowed: false });
  await expect.poll(() => warnings.filter((text) => text.includes("EMBED_ORIGINS"))).toHaveLength(1);
  expect(warnings.find((text) => text.includes("EMBED_ORIGINS"))).toContain(unlisted.origin);
  await page.evaluate(() => (window as unknown as { ChatbaseChat: { open(): void } }).ChatbaseChat.open());
  await expect(page.locator("[data-chatbase-chat]")).toHaveCount(0);
  await expect(page.locator("iframe")).toHaveCount(0);

  // Nor can the site frame the chat itself: /embed allows only the listed sites.
  const response = await page.request.get(`${APP}/embed`);
  expect(response.headers()["content-security-policy"]).toMatch(new RegExp(`frame-ancestors 'self' [^;]*${listed.origin}`));
  expect(response.headers()["content-security-policy"]).not.toContain(unlisted.origin);
  expect(response.headers()["x-frame-options"]).toBeUndefined();
});

test("works on a site with a strict CSP that allows the app's origin, without one violation", async ({ page }) => {
  const policy = `default-src 'none'; script-src ${APP}; frame-src ${APP}; connect-src ${APP}; style-src 'self'; img-src 'self'; base-uri 'none'`;
  await page.goto(listed.page(SHOP + SCRIPT + `<script src="${APP}/embed.js" defer></script>`, { headers: { "Content-Security-Policy": policy } }));
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await launcher(page).click();
  await frameReady(page);
  await ask(page, `[[reply=echo delay=0]] ${unique("strict")}`);
  await expect(chat(page).locator('[data-role="assistant"] .message-bubble')).toContainText("strict");
  // Styled although the policy allows no inline style, and loaded once although the tag is there twice.
  await expect(page.locator("[data-chatbase-chat]")).toHaveCount(1);
  await expect(page.locator("[data-chatbase-chat] .launcher")).toHaveCSS("border-radius", "28px");
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

test("the host page keeps its own styles and layout, and its styles do not reach the launcher", async ({ page }) => {
  const hostStyles = `<link rel="stylesheet" href="/site.css">`;
  listed.pages.set("/site.css", {
    html: "button{background:rgb(255,0,0)!important;border-radius:0!important;font-family:serif}h1{color:rgb(0,128,0);margin:40px 0}*{box-sizing:content-box}",
    headers: { "Content-Type": "text/css" },
  });
  await page.goto(listed.page(`<button class="own">Buy</button>${SHOP}`, { head: hostStyles }));
  const before = await page.evaluate(() => {
    const h1 = document.querySelector("h1")!;
    return { color: getComputedStyle(h1).color, top: h1.getBoundingClientRect().top, button: getComputedStyle(document.querySelector(".own")!).backgroundColor };
  });
  await page.evaluate(() => {
    (window as unknown as { shifts: number }).shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (window as unknown as { shifts: number }).shifts += (entry as unknown as { value: number }).value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.addScriptTag({ url: `${APP}/embed.js` });
  await expect(launcher(page)).toBeVisible();
  await launcher(page).click();
  await frameReady(page);
  const after = await page.evaluate(() => {
    const h1 = document.querySelector("h1")!;
    return { color: getComputedStyle(h1).color, top: h1.getBoundingClientRect().top, button: getComputedStyle(document.querySelector(".own")!).backgroundColor };
  });
  expect(after).toEqual(before);
  expect(after.button).toBe("rgb(255, 0, 0)");
  expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
  // The host's `button { … !important }` does not cross into the shadow root: the accent colour holds.
  await expect(page.locator("[data-chatbase-chat] .launcher")).toHaveCSS("background-color", "rgb(79, 70, 229)");
  await expect(page.locator("[data-chatbase-chat] .launcher")).toHaveCSS("border-radius", "28px");
});

test("below 600 px wide the open panel fills the screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(listed.page(SHOP + SCRIPT));
  await launcher(page).click();
  await frameReady(page);
  expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 360, height: 740 });
  // Compact: the list behind its button, the Close button in the header.
  await expect(chat(page).getByRole("navigation", { name: "Conversations" })).toBeHidden();
  await expect(chat(page).getByRole("button", { name: "Conversations" })).toBeVisible();
  await ask(page, `[[reply=echo delay=0]] ${unique("phone")}`);
  await expect(chat(page).locator('[data-role="assistant"] .message-bubble')).toContainText("phone");
});

/**
 * The owner's look on the launcher, and the README's screenshots. Playwright's browser refuses a frame on
 * another site its storage, as a private window does; the pictures show the chat as most visitors see it,
 * without that notice.
 */
for (const [device, viewport] of [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 360, height: 740 }],
] as const) {
  test(`the launcher wears the owner's accent colour and avatar (screenshot: ${device})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const branded = appUrl("branded");
    await page.goto(listed.page(`<header><strong>Acme</strong> garden supplies</header>${SHOP}<script src="${branded}/embed.js" defer></script>`));
    const button = page.locator("[data-chatbase-chat]").getByRole("button", { name: "Open chat" });
    await expect(button).toHaveCSS("background-color", "rgb(253, 224, 71)");
    await expect(button).toHaveCSS("color", "rgb(0, 0, 0)");
    await expect(button.locator("img")).toHaveAttribute("src", `${branded}/icon.svg`);
    await button.click();
    const frame = page.frameLocator('iframe[title="Acme Helper chat"]');
    await expect(frame.locator(".app")).toHaveAttribute("data-loaded", "true");
    await frame.getByRole("textbox", { name: "Message" }).fill("Do you deliver on Saturdays?");
    await frame.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(frame.locator('[data-role="assistant"] .message-bubble')).not.toBeEmpty();
    await expect(frame.locator(".message-list")).toHaveAttribute("aria-busy", "false");
    await frame.getByRole("button", { name: "Dismiss" }).click();
    await page.screenshot({ path: `docs/screenshots/embed-${device}.png` });
  });
}

test("with the browser's storage refused in the frame, the chat works in memory and says so once", async ({ page }) => {
  // What a browser does when it blocks third-party storage: any use of localStorage throws.
  await page.addInitScript(() => {
    if (window === window.top) return;
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      },
    });
  });
  await page.goto(listed.page(SHOP + SCRIPT));
  await launcher(page).click();
  await frameReady(page);
  const notice = chat(page).getByText("This browser does not let the chat save conversations here");
  await expect(notice).toHaveCount(1);
  await ask(page, `[[reply=echo delay=0]] ${unique("first")}`);
  await expect(chat(page).locator('[data-role="assistant"] .message-bubble')).toContainText("first");
  await ask(page, `[[reply=echo delay=0]] ${unique("second")}`);
  await expect(chat(page).locator('[data-role="assistant"] .message-bubble').last()).toContainText("second");
  await expect(notice).toHaveCount(1);
  await chat(page).getByRole("button", { name: "Conversations" }).click();
  await expect(chat(page).locator(".conversation-item")).toHaveCount(1);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`no axe violations on the host page with the launcher and in the open panel: ${colorScheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme });
    await page.goto(listed.page(SHOP + SCRIPT));
    await expect(launcher(page)).toBeVisible();
    await expectNoViolations(page, "launcher");
    await launcher(page).click();
    await frameReady(page);
    await ask(page, `[[reply=echo delay=0]] Where is my order? ${unique("axe")}`);
    await expect(chat(page).locator('[data-role="assistant"] .message-bubble')).toContainText("Where is my order?");
    await expect(chat(page).locator(".message-list")).toHaveAttribute("aria-busy", "false");
    await expectNoViolations(page, "open panel");
  });
}
