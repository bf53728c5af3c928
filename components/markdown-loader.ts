"use client";
// Browser: the Markdown renderer (markdown.tsx, react-markdown and remark), kept out of the first load.

import { useSyncExternalStore } from "react";

let loaded = false;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/**
 * Loads the renderer with `import()`, when there are replies to draw or the visitor shows intent. If its
 * code fails to arrive (a dropped connection), replies stay plain text and the next call tries again.
 */
export function loadMarkdown(): void {
  loading ??= import("./markdown").then(
    () => {
      loaded = true;
      for (const listener of listeners) listener();
    },
    () => {
      loading = undefined;
    },
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the renderer's code is here; until it is, a reply shows its words as plain text. */
export function useMarkdownLoaded(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => loaded,
    () => false,
  );
}
