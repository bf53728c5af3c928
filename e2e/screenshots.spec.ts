import { mkdir } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { lastReply, open } from "./support/page";
import { appUrl } from "./support/servers";

/** Two stored conversations, "returns" then "order" (the newer one, which the page opens), before the page loads. */
function storeConversations(page: Page, turns: [returns: [string, string], order: [string, string]]) {
  return page.addInitScript((pairs) => {
    const text = (t: string) => [{ type: "text", text: t }];
    pairs.forEach(([question, reply], index) => {
      const id = index === 0 ? "returns" : "order";
      const messages = [
        { id: `${id}-q`, role: "user", parts: text(question) },
        { id: `${id}-a`, role: "assistant", parts: text(reply) },
      ];
      localStorage.setItem(`chatbase-chat-page:conversation:${id}`, JSON.stringify({ version: 2, id, messages, createdAt: index + 1, updatedAt: index + 1 }));
    });
  }, turns);
}


const ANSWER = [
  "## Your order",
  "",
  "Order **#1042** shipped today. Track it at [acme.example/track](https://acme.example/track).",
  "",
  "| Item | Qty |",
  "|---|---|",
  "| Blue mug | 2 |",
  "",
  "From your own code:",
  "",
  "```js",
  'const order = await fetch("/api/orders/1042").then((r) => r.json());',
  "```",
].join("\n");

/** The README's screenshots, taken from the built app on every run, of a conversation restored from storage. */
for (const colorScheme of ["light", "dark"] as const) {
  for (const [device, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 780 }],
  ] as const) {
    test(`screenshot: ${device}, ${colorScheme}`, async ({ page }) => {
      await storeConversations(page, [
        ["How do returns work?", "Returns are free within 30 days."],
        ["Where is my order #1042?", ANSWER],
      ]);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await open(page, "branded");
      await expect(lastReply(page).locator("code.hljs span").first()).toBeVisible();
      await mkdir("docs/screenshots", { recursive: true });
      await page.screenshot({ path: `docs/screenshots/${device}-${colorScheme}.png` });
    });
  }
}

const ARABIC_ANSWER = [
  "## طلبك",
  "",
  "شُحن الطلب **#1042** اليوم. يمكنك تتبّعه من [صفحة التتبّع](https://acme.example/track).",
  "",
  "| المنتج | الكمية |",
  "|---|---|",
  "| كوب أزرق | 2 |",
  "",
  "ومن شيفرتك:",
  "",
  "```js",
  'const order = await fetch("/api/orders/1042").then((r) => r.json());',
  "```",
].join("\n");

/** The README's right-to-left screenshot: the demo in Arabic, chosen by the browser's Accept-Language. */
test.describe("right to left", () => {
  test.use({ locale: "ar-EG" });

  test("screenshot: desktop, light, Arabic", async ({ page }) => {
    await storeConversations(page, [
      ["كيف يعمل الإرجاع؟", "الإرجاع مجاني خلال 30 يومًا."],
      ["أين طلبي رقم 1042؟", ARABIC_ANSWER],
    ]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(appUrl("demo"));
    await expect(page.getByRole("textbox", { name: "الرسالة" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(lastReply(page).locator("code.hljs span").first()).toBeVisible();
    await mkdir("docs/screenshots", { recursive: true });
    await page.screenshot({ path: "docs/screenshots/desktop-light-arabic.png" });
  });
});
