"use client";

import { useEffect, useState, type ReactNode } from "react";
import { CopyButton } from "./copy-button";

type Highlighter = (code: string, language: string) => ReactNode | undefined;
let highlighter: Promise<Highlighter> | undefined;
const loadHighlighter = () => (highlighter ??= import("./highlight").then((module) => module.highlight));

interface CodeBlockProps {
  code: string;
  language?: string;
  /** Still being written: shown plain, highlighted once it is complete. */
  live: boolean;
}

export function CodeBlock({ code, language, live }: CodeBlockProps) {
  const [highlight, setHighlight] = useState<Highlighter>();
  useEffect(() => {
    if (live || !language) return;
    let cancelled = false;
    void loadHighlighter().then((loaded) => {
      if (!cancelled) setHighlight(() => loaded);
    });
    return () => {
      cancelled = true;
    };
  }, [live, language]);

  const highlighted = !live && language && highlight ? highlight(code, language) : undefined;
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span>{language ?? "code"}</span>
        <CopyButton text={() => code} label="Copy code" className="code-copy" />
      </div>
      <pre tabIndex={0}>
        <code className={highlighted ? "hljs" : undefined}>{highlighted ?? code}</code>
      </pre>
    </div>
  );
}
