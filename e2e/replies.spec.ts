import { expect, test } from "@playwright/test";
import { standinRequests, unique } from "./support/http";
import { composer, exchange, lastReply, open, send, sendButton } from "./support/page";

const MARKDOWN = [
  "# Shipping",
  "",
  "Orders ship in **two days**, see [the policy](https://example.com/policy).",
  "",
  "- Standard",
  "- Express",
  "",
  "| Zone | Days |",
  "|---|---|",
  "| EU | 2 |",
  "",
  "```js",
  "const total = price * 2; // sum",
  "```",
].join("\n");

test.describe("replies", () => {
  test("render as Markdown: headings, lists, tables, links and code", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, `[[reply=echo delay=0]] ${MARKDOWN}`);
    const reply = lastReply(page);
    await expect(reply.locator("h1")).toHaveText("Shipping");
    await expect(reply.locator("strong")).toHaveText("two days");
    await expect(reply.locator("ul > li")).toHaveText(["Standard", "Express"]);
    await expect(reply.locator("table td")).toHaveText(["EU", "2"]);
    const link = reply.getByRole("link", { name: "the policy" });
    await expect(link).toHaveAttribute("href", "https://example.com/policy");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    await expect(reply.locator("pre code")).toHaveText("const total = price * 2; // sum");
  });

  test("never show a half-written marker while streaming, and keep finished blocks in place", async ({ page }) => {
    await open(page, "v1");
    // Until the renderer has run a reply shows its raw words; this test is about the renderer, so it waits for it
    // (the focus in the box is the visitor's intent that runs it).
    await composer(page).focus();
    await expect(page.locator(".conversation")).toHaveAttribute("data-ready", "true");
    const text = "Intro with **bold words** and `inline code` and [a link](https://example.com/x) here.\n\n- item one\n- item **two**\n\n```py\nprint('hi')\n```\n\nDone.";
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const bubble = document.querySelectorAll('[data-role="assistant"] .message-bubble');
        const last = bubble[bubble.length - 1];
        if (last) seen.push(last.textContent ?? "");
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await send(page, `[[reply=echo chunkBytes=2 delay=40]] ${text}`);
    await expect(lastReply(page).locator("p").first()).toContainText("Intro");
    const intro = await lastReply(page).locator("p").first().elementHandle();
    await expect(sendButton(page)).toBeVisible({ timeout: 20_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(20);
    for (const snapshot of seen) {
      expect(snapshot).not.toContain("**");
      expect(snapshot).not.toContain("](");
      expect(snapshot).not.toMatch(/`/);
    }
    // The first paragraph finished long before the reply did: it is still the same element.
    expect(await intro!.evaluate((node) => node.isConnected)).toBe(true);
    await expect(lastReply(page).locator("li")).toHaveText(["item one", "item two"]);
  });

  test("a finished message does not re-render while another one streams", async ({ page }) => {
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] the first, finished reply");
    // The renderer comes on the first intent, in three steps, and on a loaded machine may still be on its way: once
    // here it draws the finished reply again, once, as Markdown (a CI run saw that render land mid-stream). The
    // measure starts with the reply drawn as it stays.
    await expect(page.locator('[data-role="assistant"] .markdown-pending')).toHaveCount(0);
    await expect(lastReply(page).locator(".markdown p")).toHaveText("the first, finished reply");
    // Measured from the outside, with nothing in the page for it: React gives an element a new props object
    // (`__reactProps$…`) each time the component that draws it renders. Each change of either reply's text is
    // a moment to look.
    await page.evaluate(() => {
      const propsOf = (element: Element) => {
        const key = Object.keys(element).find((name) => name.startsWith("__reactProps$"));
        return key ? (element as unknown as Record<string, unknown>)[key] : undefined;
      };
      const seen = { first: new Set<unknown>(), streaming: new Set<unknown>() };
      (window as unknown as { seen: typeof seen }).seen = seen;
      // From the moment the second reply streams (sending took the first one's Regenerate away: one render, rightly).
      new MutationObserver(() => {
        const replies = document.querySelectorAll('[data-role="assistant"]');
        if (replies.length < 2) return;
        seen.first.add(propsOf(replies[0]));
        seen.streaming.add(propsOf(replies[replies.length - 1]));
      }).observe(document.querySelector(".message-list")!, { subtree: true, childList: true, characterData: true });
    });
    await send(page, `[[delay=30 words=80]] ${unique("second")}`);
    await expect(page.locator('[data-role="assistant"][data-streaming]')).toContainText("replies arrive");
    await expect(sendButton(page)).toBeVisible({ timeout: 15_000 });
    const renders = await page.evaluate(() => {
      const { seen } = window as unknown as { seen: { first: Set<unknown>; streaming: Set<unknown> } };
      return { first: seen.first.size, streaming: seen.streaming.size };
    });
    // The streaming reply rendered again and again (so the measure can see renders); the finished one never did.
    expect(renders.streaming).toBeGreaterThan(10);
    expect(renders.first).toBe(1);
  });

  test("highlight code only once a code block appears, with a copy button", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.text().catch(() => ""));
    });
    const loaded = async (marker: string) => (await Promise.all(scripts)).some((source) => source.includes(marker));
    await open(page, "v1");
    await exchange(page, "[[reply=echo delay=0]] A reply **without** code.");
    await expect(lastReply(page).locator("strong")).toHaveText("without");
    expect(await loaded("hljs-")).toBe(false);

    await exchange(page, "[[reply=echo delay=0]] ```ts\nconst answer: number = 42;\n```");
    await expect(lastReply(page).locator(".hljs-keyword").first()).toHaveText("const");
    expect(await loaded("hljs-")).toBe(true);
    await lastReply(page).getByRole("button", { name: "Copy code" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("const answer: number = 42;");
  });

  test("are safe: no HTML from a reply runs, unsafe links are dropped", async ({ page }) => {
    await open(page, "v1");
    const hostile = [
      "<script>window.pwned = 1</script>",
      '<img src="x" onerror="window.pwned = 2">',
      "[click me](javascript:window.pwned=3)",
      "[data](data:text/html,<script>alert(1)</script>)",
      "![tracker](https://example.com/pixel.png)",
      '<a href="javascript:window.pwned=4">raw link</a>',
    ].join("\n\n");
    await exchange(page, `[[reply=echo delay=0]] ${hostile}`);
    const reply = lastReply(page);
    await expect(reply).toContainText("<script>window.pwned = 1</script>");
    expect(await reply.locator("script, img, iframe").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // The only link left is the image's, once the renderer has drawn the reply.
    await expect(reply.locator("a")).toHaveCount(1);
    await expect(reply.locator("a")).toHaveAttribute("href", "https://example.com/pixel.png");
    await reply.getByText("click me").click();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test("can be copied and the last one regenerated", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const marker = unique("regen");
    await open(page, "v1");
    await exchange(page, `[[reply=echo delay=0]] copy and regenerate ${marker}`);
    await lastReply(page).locator("..").getByRole("button", { name: "Copy reply" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`copy and regenerate ${marker}`);

    await page.getByRole("button", { name: "Regenerate", exact: true }).click();
    await expect(sendButton(page)).toBeVisible();
    await expect(page.locator('[data-role="assistant"]')).toHaveCount(1);
    await expect(lastReply(page)).toHaveText(`copy and regenerate ${marker}`);
    expect(await standinRequests(marker)).toHaveLength(2);
  });

  test("the last message sent can be edited and sent again", async ({ page }) => {
    const marker = unique("edit");
    await open(page, "v1");
    await exchange(page, `[[reply=echo delay=0]] first try ${marker}`);
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const editor = page.getByRole("textbox", { name: "Edit message" });
    await editor.fill(`[[reply=echo delay=0]] second try ${marker}`);
    await page.getByRole("button", { name: "Save and send" }).click();
    await expect(lastReply(page)).toHaveText(`second try ${marker}`);
    await expect(page.locator('[data-role="user"]')).toHaveCount(1);
    await expect(page.locator('[data-role="user"] .message-bubble')).toContainText("second try");
    const [, second] = await standinRequests(marker);
    expect((second.body as { messages: unknown[] }).messages).toHaveLength(1);
    await expect(composer(page)).toBeVisible();
  });
});
