import { mkdir } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { lastReply, open } from "./support/page";
import { appUrl } from "./support/servers";

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
      await page.addInitScript((answer) => {
        const text = (t: string) => [{ type: "text", text: t }];
        const conversation = (id: string, updatedAt: number, question: string, reply: string) => ({
          version: 2,
          id,
          messages: [
            { id: `${id}-q`, role: "user", parts: text(question) },
            { id: `${id}-a`, role: "assistant", parts: text(reply) },
          ],
          createdAt: updatedAt,
          updatedAt,
        });
        localStorage.setItem("chatbase-chat-page:conversation:returns", JSON.stringify(conversation("returns", 1, "How do returns work?", "Returns are free within 30 days.")));
        localStorage.setItem("chatbase-chat-page:conversation:order", JSON.stringify(conversation("order", 2, "Where is my order #1042?", answer)));
      }, ANSWER);
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
    await page.addInitScript((answer) => {
      const text = (t: string) => [{ type: "text", text: t }];
      const conversation = (id: string, updatedAt: number, question: string, reply: string) => ({
        version: 2,
        id,
        messages: [
          { id: `${id}-q`, role: "user", parts: text(question) },
          { id: `${id}-a`, role: "assistant", parts: text(reply) },
        ],
        createdAt: updatedAt,
        updatedAt,
      });
      localStorage.setItem("chatbase-chat-page:conversation:returns", JSON.stringify(conversation("returns", 1, "كيف يعمل الإرجاع؟", "الإرجاع مجاني خلال 30 يومًا.")));
      localStorage.setItem("chatbase-chat-page:conversation:order", JSON.stringify(conversation("order", 2, "أين طلبي رقم 1042؟", answer)));
    }, ARABIC_ANSWER);
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
