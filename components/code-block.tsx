"use client";

import { useEffect, useState } from "react";
import { CopyButton } from "./copy-button";
import { useText } from "./i18n-provider";

type Highlighter = typeof import("./highlight");
let highlighter: Promise<Highlighter> | undefined;
const loadHighlighter = () => (highlighter ??= import("./highlight"));

interface CodeBlockProps {
  code: string;
  language?: string;
  /** Still being written: shown plain, highlighted once it is complete. */
  live: boolean;
}

export function CodeBlock({ code, language, live }: CodeBlockProps) {
  const words = useText().message;
  const [ready, setReady] = useState<{ module: Highlighter; name: string }>();
  useEffect(() => {
    if (live || !language) return;
    let cancelled = false;
    void loadHighlighter().then(async (module) => {
      const name = await module.loadLanguage(language);
      if (!cancelled && name) setReady({ module, name });
    });
    return () => {
      cancelled = true;
    };
  }, [live, language]);

  const highlighted = !live && ready ? ready.module.highlight(code, ready.name) : undefined;
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span>{language ?? words.code}</span>
        <CopyButton text={() => code} label={words.copyCode} className="code-copy" />
      </div>
      <pre tabIndex={0}>
        <code className={highlighted ? "hljs" : undefined}>{highlighted ?? code}</code>
      </pre>
    </div>
  );
}
