// Browser (a Web Worker) and tests: a reply's Markdown as HTML syntax trees (hast), block by block, the same
// trees react-markdown builds before it turns them into elements, so that parsing can leave the main thread.
import type { Root } from "hast";
import { urlAttributes } from "html-url-attributes";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { splitBlocks } from "./blocks.ts";
import { safeUrl } from "./safe-url.ts";

/**
 * GitHub Markdown, a single line break kept as one (as in a chat), raw HTML kept as a node to show as text: the
 * pipeline react-markdown runs with `remarkPlugins={[remarkGfm, remarkBreaks]}`.
 */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkBreaks).use(remarkRehype, { allowDangerousHtml: true });

/** What react-markdown does to the tree before drawing it: raw HTML becomes text, and unsafe links lose their URL. */
function tidy(tree: Root): Root {
  visit(tree, (node, index, parent) => {
    if (node.type === "raw" && parent && typeof index === "number") {
      parent.children[index] = { type: "text", value: node.value };
      return index;
    }
    if (node.type !== "element") return;
    for (const [name, tags] of Object.entries(urlAttributes)) {
      if (Object.hasOwn(node.properties, name) && (tags === null || tags.includes(node.tagName))) {
        node.properties[name] = safeUrl(String(node.properties[name] || ""));
      }
    }
  });
  return tree;
}

/** One tree per block (see `splitBlocks`), as the page draws a finished reply. */
export function replyToHast(markdown: string): Root[] {
  return splitBlocks(markdown).map((block) => tidy(processor.runSync(processor.parse(block))));
}
