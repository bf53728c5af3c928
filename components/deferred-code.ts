/**
 * Code the page fetches ahead of need and runs only when it is needed.
 *
 * `fetchCode` imports a small module whose `instantiate()` calls `require` on the real one. The bundler puts
 * the real module, and everything it imports, in the same chunk as that small module, but a `require` inside
 * a function runs only when it is called. So fetching downloads and registers the code (a few milliseconds),
 * and instantiating runs it: for the chat engine that is the expensive part (the AI SDK builds its zod
 * schemas when it loads: ~50 ms of CPU here, four times that on a mid-range phone), which would otherwise
 * block the main thread right when the visitor starts to tap.
 */
export interface DeferredCode<T> {
  /** Downloads the code without running it. */
  fetch(): Promise<void>;
  /** The code, fetched if need be, then run. */
  load(): Promise<T>;
  /**
   * For `React.lazy`: once fetched, a thenable that hands the code over at once (React.lazy only calls
   * `then`, and reads a module handed over synchronously straight away), so nothing flashes its fallback.
   */
  lazy(): Promise<T>;
}

export function deferredCode<T>(fetchCode: () => Promise<{ instantiate: () => T }>): DeferredCode<T> {
  let fetching: Promise<() => T> | undefined;
  let instantiate: (() => T) | undefined;
  let code: T | undefined;
  const fetch = () =>
    (fetching ??= fetchCode().then((module) => {
      instantiate = module.instantiate;
      return instantiate;
    }));
  const now = () => (code ??= instantiate?.());
  const load = () => fetch().then(() => now()!);
  return {
    fetch: () => fetch().then(() => undefined),
    load,
    lazy: () => {
      const ready = now();
      if (ready === undefined) return load();
      return { then: (onLoaded: (code: T) => void) => onLoaded(ready) } as unknown as Promise<T>;
    },
  };
}
