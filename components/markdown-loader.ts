type MarkdownModule = typeof import("./markdown");

let loading: Promise<MarkdownModule> | undefined;
let loaded: MarkdownModule | undefined;

/** The Markdown renderer is loaded on demand, so the first visit downloads none of it. Calling this early warms it up. */
export function loadMarkdown(): Promise<MarkdownModule> {
  loading ??= import("./markdown").then((module) => (loaded = module));
  return loading;
}

/**
 * For `React.lazy`: once the renderer has loaded, a thenable that hands it over at once (React.lazy only
 * calls `then`, and reads a module handed over synchronously straight away), so the first reply drawn after
 * the page warmed it up renders formatted at once instead of showing its fallback for a tick.
 */
export function markdownRenderer(): Promise<MarkdownModule> {
  const ready = loaded;
  if (!ready) return loadMarkdown();
  const handOver = { then: (onLoaded: (module: MarkdownModule) => void) => onLoaded(ready) };
  return handOver as unknown as Promise<MarkdownModule>;
}
