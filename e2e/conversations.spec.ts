import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { unique } from "./support/http";
import { composer, conversationItems, exchange, lastReply, open, reload, send, storedConversations } from "./support/page";

const echo = (text: string) => `[[reply=echo delay=0]] ${text}`;
const notice = (page: Page) => page.locator(".notice[role=status]");

/** One stored conversation whose two replies are Markdown, as an earlier visit left it. */
async function seedMarkdownReplies(page: Page) {
  await page.addInitScript(() => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    const messages = [
      { id: "md-q1", role: "user", parts: [{ type: "text", text: "first question" }] },
      { id: "md-a1", role: "assistant", parts: [{ type: "text", text: "answer **one**\n\n- a list" }] },
      { id: "md-q2", role: "user", parts: [{ type: "text", text: "second question" }] },
      { id: "md-a2", role: "assistant", parts: [{ type: "text", text: "answer **two** with [a link](https://example.com/x)" }] },
    ];
    localStorage.setItem("chatbase-chat-page:conversation:md", JSON.stringify({ version: 2, id: "md", messages, createdAt: 1, updatedAt: 1 }));
  });
}

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

  test("a name given just before a reload is kept, though the record's write had not finished", async ({ page }) => {
    await page.addInitScript(() => {
      // Once the test says so, no IndexedDB write reports that it finished (idb-keyval waits on the transaction's
      // `complete`), as on a busy phone reloaded a moment after the rename.
      const handler = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, "oncomplete")!;
      Object.defineProperty(IDBTransaction.prototype, "oncomplete", {
        ...handler,
        set(this: IDBTransaction, listener: ((event: Event) => void) | null) {
          const held = (window as { holdWrites?: boolean }).holdWrites && this.mode === "readwrite";
          handler.set!.call(this, held ? null : listener);
        },
      });
    });
    await open(page, "v1");
    await exchange(page, echo("named before the reload"));
    await expect.poll(async () => Object.values(await storedConversations(page)).map((record) => record.messages.length)).toEqual([2]);
    await page.evaluate(() => ((window as { holdWrites?: boolean }).holdWrites = true));
    await page.getByRole("button", { name: /^Rename / }).click();
    await page.getByRole("textbox", { name: "Conversation name" }).fill("Returns");
    await page.getByRole("textbox", { name: "Conversation name" }).press("Enter");
    await expect(conversationItems(page).first()).toHaveText("Returns");
    await reload(page);
    await expect(conversationItems(page)).toHaveText(["Returns"]);
    await expect(lastReply(page)).toHaveText("named before the reload");
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
      // A browser's quota cannot be filled here in reasonable time: IndexedDB refuses writes past 12,000 characters
      // of records, as a full quota does (the write fails with QuotaExceededError).
      const limit = 12_000;
      const sizes = new Map<string, number>();
      const { put, delete: remove } = IDBObjectStore.prototype;
      IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
        const size = typeof value === "string" ? value.length : 0;
        let used = size;
        for (const [other, length] of sizes) if (other !== String(key)) used += length;
        if (used > limit) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        sizes.set(String(key), size);
        return put.call(this, value, key);
      };
      IDBObjectStore.prototype.delete = function (key: IDBValidKey | IDBKeyRange) {
        sizes.delete(String(key));
        return remove.call(this, key);
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
        // As an older page kept them: the page moves them to IndexedDB.
        localStorage.setItem(`chatbase-chat-page:conversation:${id}`, JSON.stringify(record));
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

  test("localStorage keeps only the small index; each conversation's messages are in IndexedDB, and an older page's move there once", async ({ page }) => {
    await page.addInitScript(() => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      // As the page before IndexedDB kept them: every message in localStorage, which Chromium reads whole on first access.
      for (const [index, id] of ["first", "second"].entries()) {
        const messages = [{ id: `${id}-q`, role: "user", parts: [{ type: "text", text: `the ${id} stored conversation` }] }];
        localStorage.setItem(`chatbase-chat-page:conversation:${id}`, JSON.stringify({ version: 2, id, messages, createdAt: index + 1, updatedAt: index + 1 }));
      }
    });
    await open(page, "v1");
    await expect(conversationItems(page)).toHaveText(["the second stored conversation", "the first stored conversation"]);
    await exchange(page, echo("a new message"));
    const local = await page.evaluate(() => Object.keys(localStorage));
    expect(local.filter((key) => key.startsWith("chatbase-chat-page:conversation"))).toEqual([]);
    expect(local).toContain("chatbase-chat-page:index");
    const stored = await storedConversations(page);
    expect(Object.keys(stored).sort()).toEqual(["first", "second"]);
    expect(stored.second.messages.map((m) => m.parts[0].text)).toEqual(["the second stored conversation", echo("a new message"), "a new message"]);
    await reload(page);
    await expect(conversationItems(page)).toHaveText(["the second stored conversation", "the first stored conversation"]);
    await expect(lastReply(page)).toHaveText("a new message");
    await conversationItems(page).filter({ hasText: "the first stored conversation" }).click();
    await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText(["the first stored conversation"]);
  });

  test("a long history opens at its latest message, then the earlier messages, the whole list and the Markdown follow", async ({ page }) => {
    await page.addInitScript(() => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      for (let c = 0; c < 60; c++) {
        const messages = Array.from({ length: 40 }, (_, m) => ({
          id: `long-${c}-${m}`,
          role: m % 2 === 0 ? "user" : "assistant",
          parts: [{ type: "text", text: m % 2 === 0 ? `question ${c}.${m}` : `answer **${c}.${m}**` }],
        }));
        localStorage.setItem(`chatbase-chat-page:conversation:long-${c}`, JSON.stringify({ version: 2, id: `long-${c}`, messages, createdAt: c, updatedAt: c }));
      }
    });
    await open(page, "v1");
    // Drawn in steps (the latest first): in the end every message, in order, every conversation, and each reply as Markdown.
    await expect(page.locator('[data-role="user"] .message-bubble')).toHaveText(Array.from({ length: 20 }, (_, m) => `question 59.${m * 2}`));
    await expect(conversationItems(page)).toHaveCount(60);
    await expect(conversationItems(page).last()).toHaveText("question 0.0");
    await expect(page.locator('[data-role="assistant"] .message-bubble strong')).toHaveText(Array.from({ length: 20 }, (_, m) => `59.${m * 2 + 1}`));
    await expect(page.locator(".message-list")).toHaveAttribute("aria-busy", "false");
    // The scroll stayed at the bottom while the earlier messages came in above.
    const distance = await page.locator(".message-scroller").evaluate((scroller) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight);
    expect(distance).toBeLessThan(48);
    await expect(page.getByRole("button", { name: "Jump to latest" })).toHaveCount(0);
  });

  test("stored replies are parsed off the main thread: they show as Markdown and the page loads no parser of its own", async ({ page }) => {
    await seedMarkdownReplies(page);
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text().catch(() => ""));
    });
    await open(page, "v1");
    await expect(page.locator('[data-role="assistant"] .message-bubble strong')).toHaveText(["one", "two"]);
    await expect(page.locator('[data-role="assistant"]').last().getByRole("link", { name: "a link" })).toHaveAttribute("href", "https://example.com/x");
    await expect(page.locator('[data-role="assistant"] .markdown-pending')).toHaveCount(0);
    const loaded = await Promise.all(scripts);
    expect(loaded.some((source) => source.includes("remarkjs/react-markdown"))).toBe(false);
  });

  test("if the worker that parses stored replies cannot start, the page parses them itself", async ({ page }) => {
    await seedMarkdownReplies(page);
    const refused: string[] = [];
    await page.route("**/_next/static/chunks/turbopack-worker-*.js", (route) => {
      refused.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    await open(page, "v1");
    await expect(page.locator('[data-role="assistant"] .message-bubble strong')).toHaveText(["one", "two"]);
    await expect(page.locator('[data-role="assistant"] .markdown-pending')).toHaveCount(0);
    expect(refused.length).toBeGreaterThan(0);
  });

  test("where IndexedDB cannot be opened, conversations are kept in localStorage and still survive a reload", async ({ page }) => {
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException("IndexedDB is blocked here.", "SecurityError");
      };
    });
    await open(page, "v1");
    await exchange(page, echo("kept without IndexedDB"));
    const local = await page.evaluate(() => Object.keys(localStorage));
    expect(local.filter((key) => key.startsWith("chatbase-chat-page:conversation:"))).toHaveLength(1);
    await reload(page);
    await expect(lastReply(page)).toHaveText("kept without IndexedDB");
    await expect(conversationItems(page)).toHaveText([echo("kept without IndexedDB")]);
    await expect(notice(page)).toHaveCount(0);
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
