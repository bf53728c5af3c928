import { createServer, type Server } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import type { StoredContact } from "../lib/chatbase/standin/contacts";
import { standinRequests, unique } from "./support/http";
import { composer, exchange, open, ready, reload } from "./support/page";
import { appUrl, embedSiteOrigin, STANDIN_URL } from "./support/servers";

/** The lead form (CHAT_LEAD_FORM) in real Chromium, against the built app and the Chatbase stand-in. */
const SHOTS = process.env.LEAD_SHOTS_DIR;

const form = (page: Page | ReturnType<Page["frameLocator"]>) => page.locator("section.lead-form");
const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

async function visitorIdOf(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem("chatbase-chat-page:visitor") ?? "");
}

async function storedContact(externalId: string): Promise<StoredContact | undefined> {
  const all = (await (await fetch(`${STANDIN_URL}/__standin/contacts`)).json()) as StoredContact[];
  return all.find((contact) => contact.external_id === externalId);
}

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).include("section.lead-form").analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe (${state})`).toEqual([]);
}

test.describe("CHAT_LEAD_FORM=before", () => {
  test("asks for Name and Email before the first message; refuses ada@ keeping both fields; files ada@example.com; then chats; not asked after a reload", async ({ page }) => {
    // A draft kept from an earlier visit: the waiting composer keeps it, and it is there to send afterwards.
    await page.addInitScript(() => {
      if (!sessionStorage.getItem("draft-set")) {
        localStorage.setItem("chatbase-chat-page:draft", "my kept question");
        sessionStorage.setItem("draft-set", "1");
      }
    });
    await open(page, "leadBefore");
    const lead = form(page);
    await expect(lead.getByRole("heading", { name: "Before we start" })).toBeVisible();
    await expect(field(lead, "Name")).toBeVisible();
    await expect(field(lead, "Email")).toBeVisible();
    await expect(field(lead, "Phone")).toHaveCount(0);
    await expect(composer(page)).toBeDisabled();
    await expect(composer(page)).toHaveValue("my kept question");
    await expect(page.locator(".starter-prompt")).toHaveCount(0);
    const visitorId = await visitorIdOf(page);
    expect(visitorId).toMatch(/^v-/);

    await field(lead, "Name").fill("Ada Lovelace");
    await field(lead, "Email").fill("ada@");
    await lead.getByRole("button", { name: "Send details" }).click();
    const email = field(lead, "Email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Please enter an email address such as name@example.com.");
    await expect(email).toBeFocused();
    await expect(field(lead, "Name")).toHaveValue("Ada Lovelace");
    await expect(email).toHaveValue("ada@");
    await expect(field(lead, "Name")).not.toHaveAttribute("aria-invalid", "true");
    expect(await standinRequests(visitorId)).toEqual([]);
    await expectNoViolations(page, "a refused field");

    await email.fill("ada@example.com");
    await email.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Thanks! Your details were sent." })).toBeVisible();
    await expect.poll(() => storedContact(visitorId)).toMatchObject({ external_id: visitorId, name: "Ada Lovelace", email: "ada@example.com" });
    const [call] = await standinRequests(visitorId);
    expect(call.body).toEqual({ users: [{ external_id: visitorId, name: "Ada Lovelace", email: "ada@example.com" }] });

    await expect(composer(page)).toBeEnabled();
    await expect(composer(page)).toHaveValue("my kept question");
    await exchange(page, "[[delay=0]] hello after the form");
    await expect(page.locator('[data-role="assistant"] .message-bubble')).toHaveCount(1);

    await reload(page);
    await expect(composer(page)).toBeEnabled();
    await expect(form(page)).toHaveCount(0);
    await page.getByRole("button", { name: "New chat" }).click();
    await expect(form(page)).toHaveCount(0);
    await expect(composer(page)).toBeEnabled();
  });

  test("Chatbase failing says so, keeps what was typed, and Send again files the lead", async ({ page }) => {
    await open(page, "leadBefore");
    const lead = form(page);
    const once = unique("lead-fail");
    await field(lead, "Name").fill(`Ada [[status=500 once=${once}]]`);
    await field(lead, "Email").fill("ada@example.com");
    await lead.getByRole("button", { name: "Send details" }).click();
    await expect(lead.getByRole("alert")).toHaveText("Your details could not be sent. Please try again.");
    await expect(field(lead, "Email")).toHaveValue("ada@example.com");
    await expect(composer(page)).toBeDisabled();
    await lead.getByRole("button", { name: "Send again" }).click();
    await expect(page.getByText("Thanks! Your details were sent.")).toBeVisible();
    const visitorId = await visitorIdOf(page);
    await expect.poll(() => storedContact(visitorId)).toMatchObject({ email: "ada@example.com" });
    await expect(composer(page)).toBeEnabled();
  });

  test.describe("in Arabic", () => {
    test.use({ locale: "ar-EG" });
    test("the form reads right to left with translated labels and errors", async ({ page }) => {
      await page.goto(appUrl("leadBefore"));
      await ready(page);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      const lead = form(page);
      await expect(lead.getByRole("heading", { name: "قبل أن نبدأ" })).toBeVisible();
      await field(lead, "الاسم").fill("آدا");
      await field(lead, "البريد الإلكتروني").fill("ada@");
      await lead.getByRole("button", { name: "إرسال البيانات" }).click();
      await expect(field(lead, "البريد الإلكتروني")).toHaveAccessibleDescription("يُرجى إدخال بريد إلكتروني مثل name@example.com.");
      await expect(field(lead, "الاسم")).toHaveValue("آدا");
      // An address reads left to right inside the right-to-left form.
      await expect(field(lead, "البريد الإلكتروني")).toHaveCSS("direction", "ltr");
      if (SHOTS) await field(lead, "البريد الإلكتروني").screenshot({ path: `${SHOTS}/rtl-email-field.png` });
      // The labels sit at the right edge of their fields, as Arabic reads.
      const label = await lead.getByText("الاسم", { exact: true }).boundingBox();
      const input = await field(lead, "الاسم").boundingBox();
      expect(Math.abs(label!.x + label!.width - (input!.x + input!.width))).toBeLessThan(2);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/before-rtl-desktop-light.png` });
      await expectNoViolations(page, "Arabic");
    });
  });
});

test("CHAT_LEAD_FORM=after:2 offers the form after the 2nd message; dismissed, it is not offered again in that conversation", async ({ page }) => {
  await open(page, "leadAfter");
  await expect(form(page)).toHaveCount(0);
  await expect(composer(page)).toBeEnabled();
  await exchange(page, "[[delay=0]] first");
  await expect(form(page)).toHaveCount(0);
  await exchange(page, "[[delay=0]] second");
  const lead = form(page);
  await expect(lead.getByRole("heading", { name: "Stay in touch?" })).toBeVisible();
  for (const label of ["Name", "Email", "Phone"]) await expect(field(lead, label)).toBeVisible();
  await expect(field(lead, "Phone")).toHaveAccessibleDescription("With the country code, such as +14155550123");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/after-desktop-light.png` });
  await expectNoViolations(page, "offered");

  await lead.getByRole("button", { name: "No thanks" }).click();
  await expect(form(page)).toHaveCount(0);
  await exchange(page, "[[delay=0]] third");
  await expect(form(page)).toHaveCount(0);
  await reload(page);
  await expect(page.locator(".message-bubble", { hasText: "third" })).toBeVisible();
  await expect(form(page)).toHaveCount(0);

  // Another conversation offers it again, and a wrong number is said next to its field.
  await page.getByRole("button", { name: "New chat" }).click();
  await exchange(page, "[[delay=0]] new one");
  await exchange(page, "[[delay=0]] new two");
  await field(form(page), "Name").fill("Grace");
  await field(form(page), "Email").fill("grace@example.com");
  await field(form(page), "Phone").fill("555 0123");
  await form(page).getByRole("button", { name: "Send details" }).click();
  await expect(field(form(page), "Phone")).toHaveAccessibleDescription(
    "Please enter the number with + and the country code, such as +14155550123. With the country code, such as +14155550123",
  );
  await field(form(page), "Phone").fill("+1 415 555 0123");
  await form(page).getByRole("button", { name: "Send details" }).click();
  await expect(page.getByText("Thanks! Your details were sent.")).toBeVisible();
  const visitorId = await visitorIdOf(page);
  await expect.poll(() => storedContact(visitorId)).toMatchObject({ name: "Grace", phonenumber: "+14155550123" });
  await expect(composer(page)).toBeEnabled();
});

test("demo mode: the form works and says that nothing was sent", async ({ page }) => {
  await open(page, "leadDemo");
  const lead = form(page);
  await field(lead, "Name").fill("Ada");
  await field(lead, "Email").fill("ada@example.com");
  await lead.getByRole("button", { name: "Send details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Demo mode: your details were checked, but nothing was sent." })).toBeVisible();
  expect(await standinRequests(await visitorIdOf(page))).toEqual([]);
  await expect(composer(page)).toBeEnabled();
});

test.describe("in embed.js's frame on an owner's site", () => {
  let site: Server;
  let origin: string;
  test.beforeAll(async ({}, testInfo) => {
    origin = embedSiteOrigin(testInfo.parallelIndex);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><main><h1>Acme shop</h1></main><script src="${appUrl("leadBefore")}/embed.js" defer></script></body></html>`;
    site = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html));
    await new Promise<void>((resolve) => site.listen(Number(new URL(origin).port), "127.0.0.1", resolve));
  });
  test.afterAll(async () => {
    await new Promise((resolve) => site?.close(resolve));
  });

  test("the form comes first, takes the focus, files the lead, and the visitor then chats", async ({ page }) => {
    await page.goto(`${origin}/shop`);
    await page.locator("[data-chatbase-chat]").getByRole("button", { name: "Open chat" }).click();
    const chat = page.frameLocator('iframe[title="Assistant chat"]');
    await expect(chat.locator(".app")).toHaveAttribute("data-loaded", "true");
    const lead = form(chat);
    await expect(field(lead, "Name")).toBeFocused();
    await expect(chat.getByRole("textbox", { name: "Message" })).toBeDisabled();
    const email = `${unique("ada")}@example.com`;
    await field(lead, "Name").fill("Ada");
    await field(lead, "Email").fill(email);
    await lead.getByRole("button", { name: "Send details" }).click();
    await expect(chat.getByText("Thanks! Your details were sent.")).toBeVisible();
    // The frame's storage may be the browser's third-party kind (or none): the stand-in says who was filed.
    const [call] = await standinRequests(email);
    const users = (call.body as { users: { external_id: string; name: string; email: string }[] }).users;
    expect(users).toEqual([{ external_id: expect.stringMatching(/^v-/), name: "Ada", email }]);
    await expect.poll(() => storedContact(users[0].external_id)).toMatchObject({ name: "Ada", email });
    const box = chat.getByRole("textbox", { name: "Message" });
    await box.fill("[[delay=0]] hello from the shop");
    await box.press("Enter");
    await expect(chat.locator('[data-role="assistant"] .message-bubble')).toHaveCount(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/embed-after-send.png` });
  });
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const { name, viewport } of [
    { name: "desktop", viewport: { width: 1280, height: 800 } },
    { name: "phone", viewport: { width: 390, height: 844 } },
  ]) {
    test.describe(`${name}, ${colorScheme}`, () => {
      test.use({ colorScheme, viewport });
      test(`axe finds nothing in the form, refused fields shown`, async ({ page }) => {
        await open(page, "leadBefore");
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/before-${name}-${colorScheme}.png` });
        await form(page).getByRole("button", { name: "Send details" }).click();
        await expect(field(form(page), "Name")).toHaveAttribute("aria-invalid", "true");
        await expect(field(form(page), "Email")).toHaveAccessibleDescription("Please enter your email address.");
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/before-${name}-${colorScheme}-refused.png` });
        await expectNoViolations(page, `${name} ${colorScheme}`);
      });
    });
  }
}
