import { expect, test } from "@playwright/test";
import { unique } from "./support/http";
import { composer, exchange, lastReply, open, send, sendButton } from "./support/page";

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("nothing scrolls sideways, even with long links, tables and code", async ({ page }) => {
    await open(page, "v1");
    const wide = [
      "https://example.com/a/very/long/path/that/does/not/break/anywhere/at/all/because/it/is/one/word/0123456789",
      "",
      "| a | b | c | d | e | f | g |",
      "|---|---|---|---|---|---|---|",
      "| long cell text | long cell text | long cell text | long cell text | long cell text | long cell text | long |",
      "",
      "```",
      "const aVeryLongLineOfCode = someFunction(withArguments, thatGoOn, andOn, andOn, andOn, andOn);",
      "```",
    ].join("\n");
    await exchange(page, `[[reply=echo delay=0]] ${wide}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test("the composer stays above the on-screen keyboard, reads 16 px, and pinch-zoom stays on", async ({ page }) => {
    await open(page, "v1");
    const viewport = await page.locator('meta[name="viewport"]').getAttribute("content");
    expect(viewport).toContain("interactive-widget=resizes-content");
    expect(viewport).toContain("viewport-fit=cover");
    expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/);
    expect(parseFloat(await composer(page).evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);

    await exchange(page, `[[delay=0 words=400]] ${unique("keyboard")}`);
    // The keyboard takes the bottom of the screen: the layout viewport shrinks to what is left.
    await page.setViewportSize({ width: 360, height: 380 });
    await composer(page).focus();
    const box = await composer(page).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(380);
    await expect(sendButton(page)).toBeInViewport();
  });

  test("safe-area insets pad the composer and header", async ({ page }) => {
    await open(page, "v1");
    const rules = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).filter((text) => text.includes("safe-area-inset")),
    );
    expect(rules.some((rule) => rule.startsWith(".composer") && rule.includes("safe-area-inset-bottom"))).toBe(true);
    expect(rules.some((rule) => rule.startsWith(".chat-header") && rule.includes("safe-area-inset-top"))).toBe(true);
  });
});

test.describe("scrolling with a streaming reply", () => {
  test("follows the reply, stops the moment the visitor scrolls up, and Jump to latest brings it back", async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await open(page, "v1");
    await send(page, `[[delay=15 words=1200]] ${unique("scroll")}`);
    const scroller = page.locator(".message-scroller");
    const distanceFromBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await expect.poll(() => scroller.evaluate((el) => el.scrollHeight > el.clientHeight * 1.5), { timeout: 20_000 }).toBe(true);
    expect(await distanceFromBottom()).toBeLessThan(60);

    await scroller.hover();
    await page.mouse.wheel(0, -400);
    await expect(page.getByRole("button", { name: "Jump to latest" })).toBeVisible();
    const top = await scroller.evaluate((el) => el.scrollTop);
    await page.waitForTimeout(600);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(top);
    expect(await distanceFromBottom()).toBeGreaterThan(200);

    await page.getByRole("button", { name: "Jump to latest" }).click();
    await expect(page.getByRole("button", { name: "Jump to latest" })).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await distanceFromBottom()).toBeLessThan(60);
    await page.keyboard.press("Escape");
  });
});

test.describe("keyboard", () => {
  test("every action is reachable with a visible focus ring, and Escape stops a reply", async ({ page }) => {
    await open(page, "v1");
    await page.keyboard.press("Tab");
    let reachedComposer = false;
    for (let i = 0; i < 12 && !reachedComposer; i++) {
      const outline = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth, label: el.getAttribute("aria-label") };
      });
      expect(outline.outline, `focus ring on ${outline.tag} ${outline.label ?? ""}`).not.toBe("none");
      expect(parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
      reachedComposer = outline.label === "Message";
      if (!reachedComposer) await page.keyboard.press("Tab");
    }
    expect(reachedComposer).toBe(true);

    await page.keyboard.type(`[[delay=60 words=200]] ${unique("escape")}`);
    await page.keyboard.press("Enter");
    await expect(lastReply(page)).toContainText("streaming");
    await page.keyboard.press("Escape");
    await expect(page.getByText("Stopped: this reply is incomplete")).toBeVisible();
    await expect(sendButton(page)).toBeVisible();

    await page.getByRole("button", { name: "Regenerate", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator('[data-role="assistant"][data-streaming]')).toHaveCount(1);
    await page.keyboard.press("Escape");
    await expect(sendButton(page)).toBeVisible();
  });
});
