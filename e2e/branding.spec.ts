import { expect, test, type Page } from "@playwright/test";
import { THEME_COOKIE, THEME_SCRIPT } from "../lib/theme";
import { composer, exchange, lastReply, open, ready, reload, sendButton } from "./support/page";

test.describe("the owner's branding, from environment variables", () => {
  test("shows the bot's name, welcome, starter prompts, accent colour and avatar", async ({ page }) => {
    await open(page, "branded");
    await expect(page).toHaveTitle("Acme Helper");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Helper");
    await expect(page.getByText("Welcome to Acme! Ask about orders, returns or opening hours.")).toBeVisible();
    const prompts = page.getByRole("list", { name: "Suggested questions" }).getByRole("button");
    await expect(prompts).toHaveText(["Where is my order?", "What are your opening hours?", "How do returns work?", "Talk to a human"]);
    await expect(page.locator("header img.avatar")).toHaveAttribute("src", "/icon.svg");

    await composer(page).fill("x");
    const colors = await sendButton(page).evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, color: style.color };
    });
    // #fde047 is light, so the text on it is black.
    expect(colors).toEqual({ background: "rgb(253, 224, 71)", color: "rgb(0, 0, 0)" });

    await prompts.first().click();
    await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText("Where is my order?");
    await expect(lastReply(page)).not.toBeEmpty();
  });

  test("has sensible defaults without any", async ({ page }) => {
    await open(page, "v1");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Assistant");
    await expect(page.getByText("Hi! How can I help you today?")).toBeVisible();
    await expect(page.getByRole("list", { name: "Suggested questions" })).toHaveCount(0);
  });
});

test.describe("themes", () => {
  const background = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  test("follow the system", async ({ browser }) => {
    for (const [colorScheme, expected] of [
      ["light", "rgb(255, 255, 255)"],
      ["dark", "rgb(17, 17, 19)"],
    ] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await open(page, "v1");
      expect(await background(page)).toBe(expected);
      await context.close();
    }
  });

  test("can be switched, and the choice is kept from the first paint on", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await open(page, "v1");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    expect(await background(page)).toBe("rgb(17, 17, 19)");
    await expect(page.getByRole("button", { name: "Switch to light theme" })).toBeVisible();

    await page.addInitScript(recordThemeAtLoad);
    // The choice is a cookie too: the server renders the page in it, with no script before the first paint.
    const html = await (await page.reload())!.text();
    await ready(page);
    expect(html).toMatch(/<html [^>]*data-theme="dark"/);
    // No script before the body: nothing in <head> reads storage, and the old theme script is nowhere (the one inline
    // script at the end of the body keeps what a visitor sends before hydration; it paints nothing).
    expect(html.slice(0, html.indexOf("</head>"))).not.toContain("localStorage");
    expect(html).not.toContain(THEME_SCRIPT);
    expect(await themeAtLoad(page)).toBe("dark");
    expect(await background(page)).toBe("rgb(17, 17, 19)");
    await exchange(page, "[[reply=echo delay=0]] dark mode **works**");
    await expect(lastReply(page).locator("strong")).toHaveText("works");
  });

  test("a choice kept only in storage (made before the cookie) is shown and written back to the cookie", async ({ page }) => {
    const html = await chooseDarkThenReloadWithoutCookie(page, "/");
    // This page came from the server in the system's theme; the stored choice shows once it has hydrated.
    expect(html).not.toMatch(/<html [^>]*data-theme=/);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(page.getByRole("button", { name: "Switch to light theme" })).toBeVisible();
    expect((await page.context().cookies()).find((cookie) => cookie.name === THEME_COOKIE)?.value).toBe("dark");
    await reload(page);
    expect(await themeAtLoad(page)).toBe("dark");
  });

  test("the embed frame keeps its choice from its own storage, without the cookie a frame on another site never gets", async ({ page }) => {
    const html = await chooseDarkThenReloadWithoutCookie(page, "/embed");
    // No cookie, so no data-theme from the server: the frame's own script applied the stored choice.
    expect(html).not.toMatch(/<html [^>]*data-theme=/);
    expect(html).toMatch(/<script nonce="[^"]+">try\{var t=localStorage/);
    expect(await themeAtLoad(page)).toBe("dark");
    expect(await background(page)).toBe("rgb(17, 17, 19)");
  });
});

/** Picks the dark theme on a light system, then reloads without the cookie: the choice is left in storage only. The served HTML. */
async function chooseDarkThenReloadWithoutCookie(page: Page, path: string): Promise<string> {
  await page.emulateMedia({ colorScheme: "light" });
  await open(page, "v1", path);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await page.context().clearCookies();
  await page.addInitScript(recordThemeAtLoad);
  const html = await (await page.reload())!.text();
  await ready(page);
  return html;
}

/** Run before the page's own scripts: notes the theme the document had when it finished parsing. */
function recordThemeAtLoad() {
  document.addEventListener("DOMContentLoaded", () => {
    (window as unknown as { themeAtLoad?: string }).themeAtLoad = document.documentElement.dataset.theme;
  });
}

const themeAtLoad = (page: Page) => page.evaluate(() => (window as unknown as { themeAtLoad?: string }).themeAtLoad);
