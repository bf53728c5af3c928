// The worker's trees (to-hast.ts) drawn by markdown-tree.tsx give the same HTML as the page's own renderer
// (markdown.tsx, react-markdown): a stored reply looks the same whichever parsed it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { jsx } from "react/jsx-runtime";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "@/components/i18n-provider";
import Markdown from "@/components/markdown";
import MarkdownTree from "@/components/markdown-tree";
import { en } from "@/lib/i18n/catalogs/en";
import { replyToHast } from "./to-hast.ts";

const html = (element: React.ReactElement) => renderToStaticMarkup(jsx(I18nProvider, { language: "en", messages: en, children: element }));

const REPLIES = {
  prose: "Just a sentence, nothing more.",
  emphasis: "Some **bold**, *italic*, ~~struck~~ and `inline code`.\nA second line after a single break.",
  lists: "1. first\n2. second\n   - nested **item**\n\n- [x] done\n- [ ] open",
  links: "[web](https://example.com/a?b=1) [mail](mailto:a@example.com) [phone](tel:+15550100) www.example.org and https://example.net/x",
  unsafe: "[script](javascript:alert(1)) [data](data:text/html,hi) [relative](/admin) ![pic](javascript:x) ![](https://example.com/i.png)",
  html: "<b>raw</b> <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div>block html</div>",
  entities: "Fish &amp; chips &copy; 2026 &notanentity; &#x41;",
  table: "| plan | price |\n|:---|---:|\n| basic | 5 € |\n| pro | **9 €** |",
  code: "Before.\n\n```ts\nconst total = price * 2; // sum\n```\n\n    indented code\n\nAfter.",
  quote: "> a quote\n> over two lines\n\n---\n\n# Heading\n\n## Smaller",
  footnote: "A claim.[^1]\n\n[^1]: The source.",
};

describe("a stored reply parsed by the worker", () => {
  for (const [name, text] of Object.entries(REPLIES)) {
    it(`draws the same HTML as the page's renderer: ${name}`, () => {
      const fromPage = html(createElement(Markdown, { text, streaming: false }));
      const fromWorker = html(createElement(MarkdownTree, { blocks: structuredClone(replyToHast(text)) }));
      expect(fromWorker).toBe(fromPage);
    });
  }

  it("keeps raw HTML as text and drops unsafe links' URLs", () => {
    const drawn = html(createElement(MarkdownTree, { blocks: replyToHast(REPLIES.unsafe + "\n\n" + REPLIES.html) }));
    expect(drawn).not.toContain("javascript:");
    expect(drawn).not.toContain("data:text");
    expect(drawn).not.toContain("<script");
    expect(drawn).toContain("&lt;script&gt;");
    expect(drawn).toContain('<a href="https://example.com/i.png"');
  });
});
