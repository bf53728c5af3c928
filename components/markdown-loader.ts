"use client";
// Browser: the Markdown renderer (markdown.tsx, react-markdown and remark), kept out of the first load, and
// when each reply drawn before it came is drawn again with it.

import { createElement, useEffect, useState, useSyncExternalStore, type ComponentProps } from "react";
import { afterNextFrame } from "@/lib/next-frame";
import type MarkdownComponent from "./markdown";

/** Replies drawn again as Markdown per task: a long stored conversation's replies are parsed a few at a time. */
const REPLIES_PER_TURN = 2;

let Markdown: typeof MarkdownComponent | undefined;
let loaded = false;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();
/** Replies shown as plain text until the renderer came, in the order they were drawn; the newest go first. */
const waiting: Array<() => void> = [];
let turnPending = false;
let firstTurn = true;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

function awaitTurn() {
  if (turnPending) return;
  turnPending = true;
  afterNextFrame(nextTurn);
}

function nextTurn() {
  turnPending = false;
  // The first turn draws one reply: the parser's first run is slower (its code is compiled then).
  for (const upgrade of waiting.splice(firstTurn ? -1 : -REPLIES_PER_TURN)) upgrade();
  firstTurn = false;
  if (waiting.length > 0) awaitTurn();
}

/**
 * Loads the renderer with `import()`, when there are replies to draw or the visitor shows intent. If its
 * code fails to arrive (a dropped connection), replies stay plain text and the next call tries again.
 */
export function loadMarkdown(): void {
  // Its code is evaluated in three tasks (the parser, its GitHub extensions, then ours): all in one blocked the
  // page for over 100 ms at four times slower CPU.
  loading ??= import("react-markdown")
    .then(nextTask)
    .then(() => import("remark-gfm"))
    .then(nextTask)
    .then(() => import("./markdown"))
    .then(
      (module) => {
        Markdown = module.default;
        loaded = true;
        for (const listener of listeners) listener();
        if (waiting.length > 0) awaitTurn();
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

/** Whether the renderer's code is here; the next reply is drawn as Markdown from its first word. */
export function useMarkdownLoaded(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => loaded,
    () => false,
  );
}

/**
 * Whether this reply is drawn as Markdown (with `LoadedMarkdown`): a reply that arrives (or streams again) once the
 * renderer is here, at once; any other (drawn before the renderer came, or `stored`: read with its conversation) shows its words as
 * plain text and waits its turn, newest first, a few per frame, so that a long conversation's replies are never
 * all parsed in one task.
 */
export function useMarkdownDrawn(reply: boolean, stored: boolean, streaming: boolean): boolean {
  const [drawn, setDrawn] = useState(() => reply && loaded && (streaming || !stored));
  useEffect(() => {
    if (!reply || drawn) return;
    const upgrade = () => setDrawn(true);
    waiting.push(upgrade);
    if (loaded) awaitTurn();
    return () => {
      const index = waiting.indexOf(upgrade);
      if (index >= 0) waiting.splice(index, 1);
    };
  }, [reply, drawn]);
  return drawn;
}

/**
 * A reply drawn by the renderer, once `useMarkdownDrawn` says so: the module `import()` brought, not `lazy` (a
 * boundary that suspends has React hold its retries, and draw several turns in one long task).
 */
export function LoadedMarkdown(props: ComponentProps<typeof MarkdownComponent>) {
  return createElement(Markdown!, props);
}
