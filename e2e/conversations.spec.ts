import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { unique } from "./support/http";
import { composer, conversationItems, exchange, lastReply, open, reload, send } from "./support/page";

const echo = (text: string) => `[[reply=echo delay=0]] ${text}`;
const notice = (page: Page) => page.locator(".notice[role=status]");

test.describe("conversations kept in the browser", () => {
  test("are listed newest first, titled by their first message, and can be switched", async ({ page }) => {
    const marker = unique("list");
    await open(page, "v1");
    await exchange(page, echo(`first ${marker}`));
    await page.getByRole("button", { name: "New chat" }).click();
    await exchange(page, echo(`second ${marker}`));

    await expect(conversationItems(page)).toHaveCount(2);
    await expect(conversationItems(page).nth(0)).toContainText(`second ${marker}`);
    await expect(conversationItems(page).nth(1)).toContainText(`first ${marker}`);
    await expect(conversationItems(page).nth(0)).toHaveAttribute("aria-current", "page");

    await conversationItems(page).nth(1).click();
    await expect(lastReply(page)).toHaveText(`first ${marker}`);
    await expect(conversationItems(page).nth(1)).toHaveAttribute("aria-current", "page");
    await reload(page);
    await expect(lastReply(page)).toHaveText(`first ${marker}`);
  });

  test("can be renamed, and the name is kept", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, echo("to be renamed"));
    await page.getByRole("button", { name: /^Rename / }).click();
    const name = page.getByRole("textbox", { name: "Conversation name" });
    await name.fill("Shipping questions");
    await name.press("Enter");
    await expect(conversationItems(page).first()).toHaveText("Shipping questions");
    await reload(page);
    await expect(conversationItems(page).first()).toHaveText("Shipping questions");
  });

  test("can be deleted, with undo", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, echo("keep me"));
    await page.getByRole("button", { name: "New chat" }).click();
    await exchange(page, echo("delete me"));
    await expect(conversationItems(page)).toHaveCount(2);

    await page.getByRole("button", { name: /^Delete .*delete me/ }).click();
    await expect(conversationItems(page)).toHaveCount(1);
    await expect(page.locator(".message")).toHaveCount(0);
    await expect(notice(page)).toContainText("Conversation deleted.");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(conversationItems(page)).toHaveCount(2);
    await expect(lastReply(page)).toHaveText("delete me");

    await page.getByRole("button", { name: /^Delete .*delete me/ }).click();
    await reload(page);
    await expect(conversationItems(page)).toHaveCount(1);
    await expect(conversationItems(page).first()).toContainText("keep me");
  });

  test("damaged or unknown saved data is set aside, the visitor is told, and the rest still works", async ({ page }) => {
    await page.addInitScript(() => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      const good = {
        version: 2,
        id: "good",
        messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "a readable conversation" }] }],
        createdAt: 1,
        updatedAt: 1,
      };
      localStorage.setItem("chatbase-chat-page:conversation:good", JSON.stringify(good));
      localStorage.setItem("chatbase-chat-page:conversation:broken", "{this is not json");
      localStorage.setItem("chatbase-chat-page:conversation:future", JSON.stringify({ version: 99, id: "future" }));
    });
    await open(page, "v1");
    await expect(notice(page)).toContainText("2 saved conversations could not be read and were set aside.");
    await expect(conversationItems(page)).toHaveText(["a readable conversation"]);
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.filter((key) => key.includes("set-aside"))).toHaveLength(2);
    await exchange(page, echo("still works"));
    await expect(lastReply(page)).toHaveText("still works");
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice(page)).toHaveCount(0);
  });

  test("when storage is full the oldest conversations are trimmed, the visitor is told, and nothing being written is lost", async ({ page }) => {
    await page.addInitScript(() => {
      const limit = 12_000;
      const realSetItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (this === localStorage) {
          let used = value.length;
          for (let i = 0; i < localStorage.length; i++) {
            const other = localStorage.key(i)!;
            if (other !== key) used += (localStorage.getItem(other) ?? "").length;
          }
          if (used > limit) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        }
        realSetItem.call(this, key, value);
      };
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      for (const [index, id] of ["oldest", "middle", "newest"].entries()) {
        const record = {
          version: 2,
          id,
          messages: [
            { id: `${id}-q`, role: "user", parts: [{ type: "text", text: `${id} conversation` }] },
            { id: `${id}-a`, role: "assistant", parts: [{ type: "text", text: "x".repeat(3_000) }] },
          ],
          createdAt: index + 1,
          updatedAt: index + 1,
        };
        realSetItem.call(localStorage, `chatbase-chat-page:conversation:${id}`, JSON.stringify(record));
      }
    });
    await open(page, "v1");
    await expect(conversationItems(page)).toHaveCount(3);
    await page.getByRole("button", { name: "New chat" }).click();
    await send(page, `[[delay=0 words=600]] ${"a long question ".repeat(20)}`);
    await expect(notice(page)).toContainText("Browser storage is full", { timeout: 15_000 });
    await expect(page.locator('[data-role="user"] .message-bubble')).toContainText("a long question");
    await expect(lastReply(page)).toContainText("streaming replies arrive");
    const titles = await conversationItems(page).allTextContents();
    expect(titles).not.toContain("oldest conversation");
    expect(titles[0]).toContain("a long question");
  });

  test("export as Markdown and as JSON", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, echo("**Export** me"));
    await page.locator("summary", { hasText: "Export" }).click();
    const [markdown] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export as Markdown" }).click()]);
    expect(markdown.suggestedFilename()).toMatch(/^conversation-\d{4}-\d{2}-\d{2}\.md$/);
    const text = await readFile((await markdown.path())!, "utf8");
    expect(text).toContain("**You:**");
    expect(text).toContain("**Assistant:**\n\n**Export** me");

    await page.locator("summary", { hasText: "Export" }).click();
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export as JSON" }).click()]);
    const data = JSON.parse(await readFile((await json.path())!, "utf8"));
    expect(data.version).toBe(2);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(data.messages[1].text).toBe("**Export** me");
  });

  test("several tabs stay consistent and never overwrite each other", async ({ context }) => {
    const a = await context.newPage();
    const b = await context.newPage();
    await open(a, "v1");
    await open(b, "v1");

    await exchange(a, echo("from tab A"));
    await expect(conversationItems(b)).toHaveText([/from tab A/]);
    await exchange(b, echo("from tab B"));
    await expect(conversationItems(a)).toHaveCount(2);
    await expect(conversationItems(b)).toHaveCount(2);

    await conversationItems(b).filter({ hasText: "from tab A" }).click();
    await expect(lastReply(b)).toHaveText("from tab A");
    await exchange(a, echo("more from A"));
    await expect(lastReply(b)).toHaveText("more from A");

    await reload(a);
    await expect(conversationItems(a)).toHaveCount(2);
    await conversationItems(a).filter({ hasText: "from tab B" }).click();
    await expect(lastReply(a)).toHaveText("from tab B");
    await expect(composer(a)).toBeVisible();
  });
});

test.describe("the conversation list on phones", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("is a drawer that opens from the header and closes with Escape", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, echo("phone conversation"));
    await expect(page.getByRole("navigation", { name: "Conversations" })).toHaveCount(0);
    const menu = page.getByRole("button", { name: "Conversations" });
    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Conversations" });
    await expect(drawer).toBeVisible();
    await expect(drawer.locator(".conversation-open")).toHaveText([/phone conversation/]);
    await page.keyboard.press("Escape");
    await expect(drawer).toHaveCount(0);
    await expect(menu).toBeFocused();
    await menu.click();
    await page.getByRole("dialog").locator(".conversation-open").first().click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });
});
