import { toJsxRuntime } from "hast-util-to-jsx-runtime";
import type { LanguageFn } from "highlight.js";
import { createLowlight } from "lowlight";
import type { ReactNode } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";

type Grammar = () => Promise<{ default: LanguageFn }>;

/** Each grammar is its own chunk, fetched the first time a block in that language appears. */
const GRAMMARS: Record<string, Grammar> = {
  bash: () => import("highlight.js/lib/languages/bash"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  css: () => import("highlight.js/lib/languages/css"),
  diff: () => import("highlight.js/lib/languages/diff"),
  go: () => import("highlight.js/lib/languages/go"),
  java: () => import("highlight.js/lib/languages/java"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  php: () => import("highlight.js/lib/languages/php"),
  python: () => import("highlight.js/lib/languages/python"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  rust: () => import("highlight.js/lib/languages/rust"),
  shell: () => import("highlight.js/lib/languages/shell"),
  sql: () => import("highlight.js/lib/languages/sql"),
  swift: () => import("highlight.js/lib/languages/swift"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  xml: () => import("highlight.js/lib/languages/xml"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
};

const ALIASES: Record<string, string> = {
  js: "javascript", jsx: "javascript", mjs: "javascript", ts: "typescript", tsx: "typescript", py: "python", sh: "bash",
  zsh: "bash", console: "shell", html: "xml", svg: "xml", yml: "yaml", md: "markdown", rb: "ruby", rs: "rust",
  "c++": "cpp", cs: "csharp", kt: "kotlin", golang: "go",
};

const lowlight = createLowlight();
const loading = new Map<string, Promise<boolean>>();

/** The grammar's canonical name once it is registered, or undefined for a language we do not highlight. */
export async function loadLanguage(language: string): Promise<string | undefined> {
  const name = ALIASES[language] ?? language;
  const grammar = GRAMMARS[name];
  if (!grammar) return undefined;
  let loaded = loading.get(name);
  if (!loaded) {
    loaded = grammar().then((module) => {
      lowlight.register({ [name]: module.default });
      return true;
    });
    loading.set(name, loaded);
  }
  await loaded;
  return name;
}

/** Highlighted code as React elements (never an HTML string); call after loadLanguage. */
export function highlight(code: string, name: string): ReactNode {
  return toJsxRuntime(lowlight.highlight(name, code), { Fragment, jsx, jsxs });
}
