export interface LeftVisitor {
  marker: string;
  leftAt: number;
}

/**
 * `count` visitors ask for a long reply at once (half of them as a UI message
 * stream), read the first words, some a little more, and leave. Each message
 * carries its own marker, so the stand-in's record of it can be found.
 */
export function visitorsLeavingMidReply(chatUrl: string, count: number, markerPrefix: string): Promise<LeftVisitor[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const marker = `${markerPrefix}-${i}-end`;
      const client = new AbortController();
      const response = await fetch(chatUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(i % 2 ? { Accept: "text/event-stream" } : {}) },
        body: JSON.stringify({ messages: [{ role: "user", content: `[[delay=50 words=400]] ${marker}` }] }),
        signal: client.signal,
      });
      if (response.status !== 200) throw new Error(`visitor ${i} got ${response.status}: ${await response.text()}`);
      const reader = response.body!.getReader();
      for (let read = 0; read < 1 + (i % 3); read++) await reader.read();
      const leftAt = Date.now();
      client.abort();
      return { marker, leftAt };
    }),
  );
}
