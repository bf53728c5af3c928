import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { unique } from "./support/http";
import { errorAlert, exchange, lastReply, open, send, sendButton } from "./support/page";

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations (${state})`).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const [width, label] of [
    [1280, "desktop"],
    [360, "phone"],
  ] as const) {
    test(`no axe violations: ${colorScheme}, ${label}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme });
      await open(page, "v1");
      await expectNoViolations(page, "empty");

      await exchange(page, "[[reply=echo delay=0]] # Title\n\nSome **bold**, a [link](https://example.com), `code`:\n\n```js\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");
      await expect(lastReply(page).locator(".hljs-keyword").first()).toBeVisible();
      await expectNoViolations(page, "conversation");

      await send(page, `[[delay=80 words=100]] ${unique("a11y")}`);
      await expect(page.locator('[data-role="assistant"][data-streaming]')).toHaveCount(1);
      await expectNoViolations(page, "streaming");
      await page.keyboard.press("Escape");

      await send(page, "[[status=500]]");
      await expect(errorAlert(page)).toBeVisible();
      await expectNoViolations(page, "error");
    });
  }
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`no axe violations with the v2 controls: ${colorScheme}, feedback given, an action, an empty reply`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await open(page, "v2");
    await exchange(page, `[[action=server]] where is my order ${unique("a11y-v2")}`);
    await page.getByRole("button", { name: "Good response" }).click();
    await expect(page.getByRole("button", { name: "Good response" })).toHaveAttribute("aria-pressed", "true");
    await exchange(page, `[[empty]] ${unique("a11y-v2-empty")}`);
    await expectNoViolations(page, "feedback given, action used, empty reply");
  });

  test(`no axe violations with the v2 controls: ${colorScheme}, feedback refused, a client action, ended`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await open(page, "v2");
    await exchange(page, `[[feedbackStatus=500]] ${unique("a11y-v2-fail")}`);
    await page.getByRole("button", { name: "Bad response" }).click();
    await expect(page.getByText("Couldn't save your feedback")).toBeVisible();
    await exchange(page, `[[action=client]] ${unique("a11y-v2-client")}`);
    await send(page, "[[status=400 code=CHAT_CONVERSATION_NOT_ONGOING]] still there?");
    await expect(page.getByRole("button", { name: "Start a new chat" })).toBeVisible();
    await expectNoViolations(page, "feedback refused, client action, conversation ended");
  });
}

test("the log is busy while a reply streams, and a polite status announces start and finish only", async ({ page }) => {
  await open(page, "v1");
  const log = page.getByRole("log", { name: "Conversation" });
  const status = page.locator("p[role=status]");
  await expect(status).toHaveAttribute("role", "status");
  await expect(log).toHaveAttribute("aria-busy", "false");

  await page.evaluate(() => {
    const announcements: string[] = [];
    (window as unknown as { announcements: string[] }).announcements = announcements;
    const region = document.querySelector("p[role=status]")!;
    new MutationObserver(() => announcements.push(region.textContent ?? "")).observe(region, { subtree: true, childList: true, characterData: true });
  });
  await send(page, `[[delay=30 words=60]] ${unique("live")}`);
  await expect(log).toHaveAttribute("aria-busy", "true");
  await expect(status).toHaveText("Assistant is replying…");
  await expect(sendButton(page)).toBeVisible();
  await expect(log).toHaveAttribute("aria-busy", "false");
  await expect(status).toHaveText("Reply finished.");
  const announcements = await page.evaluate(() => (window as unknown as { announcements: string[] }).announcements);
  expect(new Set(announcements.filter(Boolean))).toEqual(new Set(["Assistant is replying…", "Reply finished."]));
});

test("motion respects prefers-reduced-motion", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await open(page, "v1");
  await send(page, "[[firstByteDelay=1500]] slow");
  const dot = page.locator(".typing span").first();
  await expect(dot).toBeVisible();
  const duration = await dot.evaluate((el) => parseFloat(getComputedStyle(el).animationDuration));
  expect(duration).toBeLessThan(0.001);

  await page.emulateMedia({ reducedMotion: "no-preference" });
  expect(await dot.evaluate((el) => parseFloat(getComputedStyle(el).animationDuration))).toBeGreaterThan(0.5);
});
