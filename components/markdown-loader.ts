"use client";
// Browser: the Markdown renderer (markdown.tsx, react-markdown and remark), kept out of the first load, and
// when each reply drawn before it came is drawn again with it. Stored replies are parsed by a worker instead
// (markdown-worker.ts) and drawn from its trees (markdown-tree.tsx): a long conversation opens without the
// parser's code on the main thread.

import type { Root } from "hast";
import { createElement, useEffect, useState, useSyncExternalStore, type ComponentProps } from "react";
import { afterNextFrame } from "@/lib/next-frame";
import type MarkdownComponent from "./markdown";
import type MarkdownTreeComponent from "./markdown-tree";
import type { ParseRequest } from "./markdown-worker";

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

/** The worker, started by the first stored reply; `null` once it failed (not allowed, its code did not arrive). */
let worker: Worker | null | undefined;
let MarkdownTree: typeof MarkdownTreeComponent | undefined;
let treeCode: Promise<unknown> | undefined;
let lastId = 0;
interface Parse {
  text: string;
  done: (blocks: Root[]) => void;
  failed: () => void;
}
const parsing = new Map<number, Parse>();
/** Asked for in this task, sent together newest first (effects run oldest first). */
let batch: Parse[] = [];

function workerFailed() {
  worker = null;
  const waiting = [...parsing.values(), ...batch];
  parsing.clear();
  batch = [];
  for (const parse of waiting) parse.failed();
}

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    // The bundler builds the worker's own script from this exact form.
    worker = new Worker(new URL("./markdown-worker.ts", import.meta.url));
  } catch {
    worker = null;
    return worker;
  }
  worker.addEventListener("message", (event: MessageEvent<{ id: number; blocks: Root[] }>) => {
    const parse = parsing.get(event.data.id);
    parsing.delete(event.data.id);
    parse?.done(event.data.blocks);
  });
  worker.addEventListener("error", workerFailed);
  return worker;
}

function sendBatch() {
  const sending = batch.reverse();
  batch = [];
  const target = startWorker();
  if (!target) {
    for (const parse of sending) parse.failed();
    return;
  }
  for (const parse of sending) {
    const id = ++lastId;
    parsing.set(id, parse);
    target.postMessage({ id, text: parse.text } satisfies ParseRequest);
  }
}

/**
 * Has the worker parse a stored reply; `done` gets its trees once they and the code that draws them are here,
 * `failed` when there is no worker (the page then parses it itself). Returns a cancel.
 */
function parseOffThread(text: string, done: (blocks: Root[]) => void, failed: () => void): () => void {
  let cancelled = false;
  const code = (treeCode ??= import("./markdown-tree").then(
    (module) => {
      MarkdownTree = module.default;
    },
    (error: unknown) => {
      treeCode = undefined; // The next stored reply tries again.
      throw error;
    },
  ));
  const parse: Parse = {
    text,
    done: (blocks) => {
      void code.then(
        () => cancelled || done(blocks),
        () => cancelled || failed(),
      );
    },
    failed: () => cancelled || failed(),
  };
  if (batch.length === 0) setTimeout(sendBatch);
  batch.push(parse);
  return () => {
    cancelled = true;
  };
}

/** How a reply is drawn: its words as plain text, parsed by the page (`LoadedMarkdown`), or from a worker's trees (`TreeMarkdown`). */
export type ReplyView = { as: "text" } | { as: "markdown" } | { as: "tree"; blocks: Root[] };

/**
 * How to draw this reply now. A reply first drawn stored and finished (read with its conversation) is parsed by the
 * worker; the page's renderer draws any other, and takes a reply over for good once it streams (a stored reply
 * picked up again) or if the worker cannot run: a reply never goes back from Markdown to plain text.
 */
export function useReplyView(reply: boolean, text: string, stored: boolean, streaming: boolean): ReplyView {
  const [onPage, setOnPage] = useState(() => !(reply && stored && !streaming));
  if (streaming && !onPage) setOnPage(true);
  const [parsed, setParsed] = useState<{ text: string; blocks: Root[] }>();
  const drawn = useMarkdownDrawn(reply && onPage, stored, streaming);
  useEffect(() => {
    if (onPage) return;
    return parseOffThread(text, (blocks) => setParsed({ text, blocks }), () => setOnPage(true));
  }, [onPage, text]);
  if (!onPage) return parsed?.text === text ? { as: "tree", blocks: parsed.blocks } : { as: "text" };
  return drawn ? { as: "markdown" } : { as: "text" };
}

/**
 * Whether this reply is drawn as Markdown (with `LoadedMarkdown`): a reply that arrives (or streams again) once the
 * renderer is here, at once; any other (drawn before the renderer came, or `stored`: read with its conversation) shows its words as
 * plain text and waits its turn, newest first, a few per frame, so that a long conversation's replies are never
 * all parsed in one task.
 */
function useMarkdownDrawn(reply: boolean, stored: boolean, streaming: boolean): boolean {
  const [drawn, setDrawn] = useState(() => reply && loaded && (streaming || !stored));
  // A reply that starts streaming once drawn (a stored one picked up again) is drawn as Markdown at once.
  if (reply && loaded && streaming && !drawn) setDrawn(true);
  useEffect(() => {
    if (!reply || drawn) return;
    const upgrade = () => setDrawn(true);
    waiting.push(upgrade);
    loadMarkdown();
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

/** A stored reply drawn from the worker's trees, once `useReplyView` says so. */
export function TreeMarkdown(props: ComponentProps<typeof MarkdownTreeComponent>) {
  return createElement(MarkdownTree!, props);
}
