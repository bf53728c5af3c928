"use client";

import { memo } from "react";
import ReactMarkdown from "react-markdown";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import { splitBlocks } from "@/lib/markdown/blocks";
import { completeStreamingMarkdown } from "@/lib/markdown/complete";
import { safeUrl } from "@/lib/markdown/safe-url";
import { SETTLED, STREAMING } from "./markdown-parts";

/** In a chat reply a single line break is meant as one, not as a space. */
const plugins = [remarkGfm, remarkBreaks];

const Block = memo(function Block({ text, live }: { text: string; live: boolean }) {
  return (
    <ReactMarkdown remarkPlugins={plugins} components={live ? STREAMING : SETTLED} urlTransform={safeUrl}>
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
