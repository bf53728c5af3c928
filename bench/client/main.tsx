import { useEffect, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import ReactMarkdown from "react-markdown";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import { I18nProvider } from "../../components/i18n-provider";
import Markdown from "../../components/markdown";
import { en } from "../../lib/i18n/catalogs/en";
import { benchReply } from "./reply";

/** The baseline: the whole reply parsed again on every chunk, as a naive chat page does. */
function NaiveMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkBreaks]}>{text}</ReactMarkdown>
    </div>
  );
}

export interface RenderFigures {
  chunks: number;
  longTasks: number;
  longestTaskMs: number;
  totalBlockingMs: number;
  streamLagMs: number;
  finalRenderMs: number;
}

async function run(renderer: string, chunks: number, intervalMs: number): Promise<RenderFigures> {
  const reply = benchReply();
  const durations: number[] = [];
  new PerformanceObserver((list) => durations.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: "longtask", buffered: false });

  let state = { text: "", streaming: true };
  const listeners = new Set<() => void>();
  const update = (next: typeof state) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  let finalRendered: (at: number) => void = () => {};
  const rendered = new Promise<number>((resolve) => (finalRendered = resolve));
  function App() {
    const current = useSyncExternalStore(subscribe, () => state);
    useEffect(() => {
      if (!current.streaming) requestAnimationFrame(() => finalRendered(performance.now()));
    }, [current.streaming]);
    return renderer === "naive" ? <NaiveMarkdown text={current.text} /> : <Markdown text={current.text} streaming={current.streaming} />;
  }
  createRoot(document.getElementById("root")!).render(
    <I18nProvider language="en" messages={en}>
      <App />
    </I18nProvider>,
  );
  await new Promise((resolve) => setTimeout(resolve, 200));

  const size = Math.ceil(reply.length / chunks);
  const started = performance.now();
  let lastChunkAt = started;
  for (let i = 1; i <= chunks; i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    lastChunkAt = performance.now();
    update({ text: reply.slice(0, i * size), streaming: i < chunks });
  }
  const finalAt = await rendered;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const blocking = durations.map((d) => Math.max(0, d - 50));
  return {
    chunks,
    longTasks: durations.length,
    longestTaskMs: Math.max(0, ...durations),
    totalBlockingMs: blocking.reduce((a, b) => a + b, 0),
    streamLagMs: lastChunkAt - started - chunks * intervalMs,
    finalRenderMs: finalAt - lastChunkAt,
  };
}

const params = new URLSearchParams(location.search);
run(params.get("renderer") ?? "ours", Number(params.get("chunks") ?? 2000), Number(params.get("interval") ?? 5)).then((result) => {
  (window as unknown as { benchResult: RenderFigures }).benchResult = result;
});
