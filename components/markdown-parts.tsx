"use client";
// Browser: the elements a reply's Markdown is drawn with, whether the page parsed it (markdown.tsx) or a worker
// did (markdown-tree.tsx).

import type { ComponentProps, ReactElement } from "react";
import type { Components } from "react-markdown";
import { CodeBlock } from "./code-block";
import { useText } from "./i18n-provider";

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

/** Links open apart; a link whose URL was dropped as unsafe (see `safeUrl`) is its text. */
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

/** A finished block: code highlighted. */
export const SETTLED = components(false);
/** The block still being written: code shown plain until it is complete. */
export const STREAMING = components(true);
