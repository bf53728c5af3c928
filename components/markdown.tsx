"use client";

import { memo, type ComponentProps, type ReactElement } from "react";
import ReactMarkdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import { splitBlocks } from "@/lib/markdown/blocks";
import { completeStreamingMarkdown } from "@/lib/markdown/complete";
import { CodeBlock } from "./code-block";
import { useText } from "./i18n-provider";

const SAFE_PROTOCOL = /^(https?:|mailto:|tel:)/i;

/** Only web, mail and phone links survive; `javascript:`, `data:` and the like are dropped. */
function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return SAFE_PROTOCOL.test(cleaned) ? cleaned : "";
}

function codeOf(children: unknown): { code: string; language?: string } {
  const element = children as ReactElement<{ className?: string; children?: unknown }> | undefined;
  const language = /language-([\w+#-]+)/.exec(element?.props?.className ?? "")?.[1]?.toLowerCase();
  const code = String(element?.props?.children ?? "").replace(/\n$/, "");
  return { code, language };
}

/** An image with no alt text, shown as a link: the word for it in the page's language. */
function ImageWord() {
  return useText().message.image;
}

function components(live: boolean): Components {
  return {
    a: ({ href, children }) =>
      href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      ) : (
        <span>{children}</span>
      ),
    // Images in replies are shown as links: no third-party loads on the visitor's page.
    img: ({ src, alt }) =>
      typeof src === "string" && src ? (
        <a href={src} target="_blank" rel="noopener noreferrer">
          {alt || <ImageWord />}
        </a>
      ) : (
        <span>{alt}</span>
      ),
    pre: ({ children }) => <CodeBlock {...codeOf(children)} live={live} />,
    table: (props: ComponentProps<"table">) => (
      <div className="table-scroll" tabIndex={0}>
        <table {...props} />
      </div>
    ),
  };
}

const settled = components(false);
const streaming = components(true);
/** In a chat reply a single line break is meant as one, not as a space. */
const plugins = [remarkGfm, remarkBreaks];

const Block = memo(function Block({ text, live }: { text: string; live: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={plugins} components={live ? streaming : settled} urlTransform={safeUrl}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * A reply as Markdown. Raw HTML in it is shown as text, never rendered. While
 * it streams, only the last block is parsed again on each chunk (the blocks
 * before it keep their elements), and that block's half-written end is shown
 * as it will be once complete, so nothing flickers between raw and formatted.
 */
export default function Markdown({ text, streaming: isStreaming }: { text: string; streaming: boolean }) {
  const blocks = splitBlocks(text);
  return (
    <div className="markdown">
      {blocks.map((block, index) => {
        const live = isStreaming && index === blocks.length - 1;
        return <Block key={index} text={live ? completeStreamingMarkdown(block) : block} live={live} />;
      })}
    </div>
  );
}
