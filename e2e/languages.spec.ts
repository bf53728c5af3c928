import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { CATALOGS } from "../lib/i18n/catalogs/index";
import { en } from "../lib/i18n/catalogs/en";
import { fill, plural, templatePattern } from "../lib/i18n/format";
import type { Language } from "../lib/i18n/languages";
import { ask, postChat, readChunks, sseEvents, unique } from "./support/http";
import { ready } from "./support/page";
import { appUrl } from "./support/servers";

/** Each language as a browser would ask for it; pt-PT and zh-TW also prove the fallbacks. */
const VISITORS: { locale: string; language: Exclude<Language, "en"> }[] = [
  { locale: "es-ES", language: "es" },
  { locale: "fr-FR", language: "fr" },
  { locale: "de-DE", language: "de" },
  { locale: "pt-PT", language: "pt-BR" },
  { locale: "it-IT", language: "it" },
  { locale: "nl-NL", language: "nl" },
  { locale: "ja-JP", language: "ja" },
  { locale: "zh-TW", language: "zh-CN" },
  { locale: "ar-EG", language: "ar" },
  { locale: "he-IL", language: "he" },
];

/** Words that are spelled the same in English and in that language: not a fallback to English. */
const SAME_WORD: Partial<Record<Language, string[]>> = {
  es: ["Demo"],
  fr: ["Conversations", "Conversation", "Message", "Assistant", "code", "image"],
  de: ["Demo"],
  "pt-BR": ["Demo"],
  it: ["Demo"],
  nl: ["Demo", "code"],
};

/**
 * Every English sentence, any value in its placeholders. The bot's name is filled in rather than
 * matched by anything: "{botName} chat" would otherwise match Spanish "Nuevo chat".
 */
function englishSentences(botNames: string[]): RegExp[] {
  const leaves = (value: unknown): string[] => (typeof value === "string" ? [value] : Object.values(value as object).flatMap(leaves));
  return leaves(en).flatMap((template) => [...new Set(botNames.map((botName) => fill(template, { botName })))].map(templatePattern));
}

/**
 * Every text a visitor can see or hear on the page now: text nodes, whole elements' text (a sentence
 * split by <code>), aria-labels, titles and placeholders. What the visitor and the bot wrote is left out,
 * and so are names that are the same in every language (variable names, a code block's language).
 */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const theirs = ".message-bubble, .conversation-open";
    const names = "code, .code-block-bar > span";
    const tidy = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();
    const texts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (element && !element.closest(`${theirs}, ${names}`) && element.checkVisibility()) texts.push(tidy(node.textContent));
    }
    for (const element of document.body.querySelectorAll<HTMLElement>("*")) {
      if (element.closest(theirs)) continue;
      for (const name of ["aria-label", "title", "placeholder", "alt"]) texts.push(tidy(element.getAttribute(name)));
      if (element.checkVisibility() && !element.querySelector(theirs)) texts.push(tidy(element.textContent));
    }
    return texts.filter(Boolean);
  });
}

const composer = (page: Page) => page.locator(".composer textarea");

async function waitForReply(page: Page, count: number) {
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(count, { timeout: 15_000 });
  await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "false");
  await expect(page.locator(".button-send")).toBeVisible();
}

/** Collects what the page shows at each step, then finds any English sentence among it. */
function watch(page: Page, language: Exclude<Language, "en">) {
  const seen: string[] = [];
  return {
    look: async () => seen.push(...(await pageTexts(page))),
    expectNoEnglish: () => {
      const english = englishSentences([en.welcome.botName, CATALOGS[language].welcome.botName]);
      const allowed = new Set(SAME_WORD[language] ?? []);
      const fallbacks = [...new Set(seen)].filter((text) => !allowed.has(text) && english.some((pattern) => pattern.test(text)));
      expect(seen.length).toBeGreaterThan(20);
      expect(fallbacks).toEqual([]);
    },
  };
}

for (const { locale, language } of VISITORS) {
  test.describe(`${language} (${locale})`, () => {
    test.use({ locale, viewport: { width: 1280, height: 800 } });
    const text = CATALOGS[language];

    test(`the demo page is all in ${language}: welcome, demo notice, a notice, a reply, export, not found`, async ({ page }) => {
      const { look, expectNoEnglish } = watch(page, language);
      // A damaged saved conversation: the page sets it aside and says so.
      await page.context().addInitScript(() => localStorage.setItem("chatbase-chat-page:conversation:damaged", "{not json"));
      await page.goto(appUrl("demo"));
      await ready(page);
      await expect(page.locator("html")).toHaveAttribute("lang", language);
      await expect(page.locator("html")).toHaveAttribute("dir", language === "ar" || language === "he" ? "rtl" : "ltr");
      await expect(page.getByRole("textbox", { name: text.composer.label })).toBeVisible();
      await expect(page.locator(".notice")).toContainText(plural(language, text.notices.setAside, 1));
      await look();
      await page.locator(".starter-prompt").first().click();
      await waitForReply(page, 1);
      await expect(page.locator(".conversation-item")).toHaveCount(1);
      await look();
      await page.locator(".menu summary").click();
      await expect(page.locator(".menu-items button").first()).toBeVisible();
      await look();
      await page.goto(`${appUrl("demo")}/no-such-page`);
      await expect(page.locator("h1")).toHaveText(text.notFound.title);
      await look();
      expectNoEnglish();
    });

    test(`a configured bot's page is all in ${language}: code, rename, edit, delete and undo, an error, the phone drawer`, async ({ page }) => {
      const { look, expectNoEnglish } = watch(page, language);
      await page.goto(appUrl("v1"));
      await ready(page);
      await composer(page).fill(`[[reply=echo delay=0]] ${unique("lang")}\n\n\`\`\`js\nconst a = 1;\n\`\`\``);
      await composer(page).press("Enter");
      await waitForReply(page, 1);
      await expect(page.locator(".code-block")).toBeVisible();
      await look();
      await page.locator('.conversation-item[aria-current="true"] .icon-button').first().click();
      await expect(page.locator(".rename-form input")).toBeFocused();
      await look();
      await page.keyboard.press("Escape");
      await page.locator(".message-user .message-actions .icon-button").click();
      await expect(page.locator(".message-edit textarea")).toBeVisible();
      await look();
      await page.keyboard.press("Escape");
      await page.locator('.conversation-item[aria-current="true"] .icon-button').nth(1).click();
      await expect(page.locator(".notice")).toContainText(text.notices.deleted);
      await look();
      await page.locator(".notice .button-quiet").click();
      await expect(page.locator(".conversation-item")).toHaveCount(1);
      await composer(page).fill("[[status=500]] fails");
      await composer(page).press("Enter");
      await expect(page.locator(".chat-error")).toContainText(text.apiErrors.upstream_error);
      await look();
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator('.chat-header [aria-controls="conversations"]').click();
      await expect(page.locator(".sidebar-drawer")).toBeVisible();
      await look();
      expectNoEnglish();
    });
  });
}

test("the API answers in the visitor's language, its codes stay English", async () => {
  const before = await postChat("v1", ask(`[[status=500]] ${unique("fr")}`), { "Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5" });
  expect(before.status).toBe(502);
  expect(before.headers.get("content-language")).toBe("fr");
  expect(await before.json()).toEqual({ error: { code: "upstream_error", message: CATALOGS.fr.apiErrors.upstream_error } });

  const invalid = await postChat("v1", "{", { "Accept-Language": "fr" });
  expect(await invalid.json()).toEqual({ error: { code: "invalid_json", message: CATALOGS.fr.apiErrors.invalid_json } });

  // A reply that breaks part-way says so in the stream, in the same language.
  const midway = await postChat("v2", ask(`[[errorAfter=3 words=10]] ${unique("fr")}`), { "Accept-Language": "fr", Accept: "text/event-stream" });
  const events = sseEvents((await readChunks(midway)).text);
  expect(events.find((event) => event.type === "error")).toEqual({ type: "error", errorText: CATALOGS.fr.apiErrors.upstream_error });

  const english = await postChat("v1", "{", { "Accept-Language": "sv-SE, ko;q=0.8" });
  expect(english.headers.get("content-language")).toBe("en");
  expect(await english.json()).toEqual({ error: { code: "invalid_json", message: en.apiErrors.invalid_json } });
});

test.describe("Arabic, right to left", () => {
  test.use({ locale: "ar-EG" });

  async function conversationWithCode(page: Page) {
    await page.goto(appUrl("v1"));
    await ready(page);
    // A new conversation, whatever an earlier visit to this app left in storage.
    await page.locator('.chat-header [aria-label="محادثة جديدة"]').click();
    await composer(page).fill(`[[reply=echo delay=0]] English inside an Arabic page, ${unique("rtl")}\n\n\`\`\`js\nconst answer = 42;\n\`\`\``);
    await composer(page).press("Enter");
    await waitForReply(page, 1);
    await expect(page.locator(".code-block")).toBeVisible();
  }

  async function expectNothingSideways(page: Page, state: string) {
    const overflow = await page.evaluate(() => {
      const root = document.documentElement;
      const wide = [...document.querySelectorAll<HTMLElement>("header, nav, form, .message, .welcome, .notice, .chat-error, .demo-notice")].filter((element) => {
        const box = element.getBoundingClientRect();
        return element.checkVisibility() && (box.left < -1 || box.right > root.clientWidth + 1);
      });
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.map((element) => element.className) };
    });
    expect(overflow.scrollWidth, state).toBeLessThanOrEqual(overflow.clientWidth);
    expect(overflow.wide, state).toEqual([]);
  }

  test("mirrors the layout, keeps code left to right, and lets each message take its own direction", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await conversationWithCode(page);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const sidebar = await page.locator("nav.sidebar").boundingBox();
    const chat = await page.locator("main.chat").boundingBox();
    expect(sidebar!.x).toBeGreaterThan(chat!.x);
    const user = await page.locator(".message-user").boundingBox();
    const reply = await page.locator(".message-assistant").boundingBox();
    expect(user!.x + user!.width / 2).toBeLessThan(reply!.x + reply!.width / 2);
    await expect(page.locator(".message-bubble").first()).toHaveAttribute("dir", "auto");
    expect(await page.locator(".message-assistant .markdown p").first().evaluate((p) => getComputedStyle(p).direction)).toBe("ltr");
    expect(await page.locator(".code-block pre").evaluate((pre) => getComputedStyle(pre).direction)).toBe("ltr");
    await page.screenshot({ path: ".test-results/arabic-1280.png" });
    await expectNothingSideways(page, "1280");

    await page.setViewportSize({ width: 360, height: 740 });
    await expectNothingSideways(page, "360");
    await page.screenshot({ path: ".test-results/arabic-360.png" });
    await page.locator('.chat-header [aria-controls="conversations"]').click();
    await expect(page.locator(".sidebar-drawer")).toBeVisible();
    const drawer = await page.locator(".sidebar-drawer").boundingBox();
    expect(Math.round(drawer!.x + drawer!.width)).toBe(360);
    await expectNothingSideways(page, "360, drawer open");
    await page.screenshot({ path: ".test-results/arabic-360-drawer.png" });
  });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 360]) {
      test(`axe finds nothing, ${colorScheme}, ${width}px`, async ({ page }) => {
        const expectNoViolations = async (state: string) => {
          const { violations } = await new AxeBuilder({ page }).analyze();
          expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), state).toEqual([]);
        };
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width, height: 800 });
        await page.goto(appUrl("demo"));
        await ready(page);
        await expect(page.locator(".demo-notice")).toBeVisible();
        await expectNoViolations("demo welcome");
        await conversationWithCode(page);
        await expect(page.locator(".code-block .hljs").first()).toBeVisible();
        await expectNoViolations("conversation");
      });
    }
  }
});
