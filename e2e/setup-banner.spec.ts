import { expect, test } from "@playwright/test";
import { appUrl } from "./support/servers";
import { open } from "./support/page";

// The setup banner is for the owner under `npm run dev` (lib/config/fixes.test.ts covers what it lists);
// a production build must never show a visitor the configuration, even when it is broken.
test("a misconfigured production page shows no setup banner", async ({ page }) => {
  const html = await (await fetch(appUrl("unconfigured"))).text();
  // (The stylesheet in the page has the banner's rules; no element may use them.)
  expect(html).not.toMatch(/class="[^"]*setup-banner/);
  expect(html).not.toContain("CHATBASE_CHATBOT_ID");

  await open(page, "unconfigured");
  await expect(page.getByRole("complementary", { name: "Setup problems" })).toHaveCount(0);
  await expect(page.getByText("CHATBASE_CHATBOT_ID")).toHaveCount(0);
});
