"use client";
// Browser: a stored reply drawn from the trees a worker parsed (see markdown-worker.ts): the same elements
// markdown.tsx draws, without the parser's code on the page's main thread.

import type { Root } from "hast";
import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import { Fragment } from "react";
import { jsx, jsxs } from "react/jsx-runtime";
import { SETTLED } from "./markdown-parts";

export default function MarkdownTree({ blocks }: { blocks: Root[] }) {
  return (
    <div className="markdown">
      {blocks.map((tree, index) => (
        <Fragment key={index}>{toJsxRuntime(tree, { Fragment, jsx, jsxs, components: SETTLED, ignoreInvalidStyle: true, passKeys: true, passNode: true })}</Fragment>
      ))}
    </div>
  );
}
