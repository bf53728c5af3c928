/** Test helpers: reading a stream of strings whole or in part, and waiting on a condition rather than a time. */

export async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = "";
  for await (const piece of stream) text += piece;
  return text;
}

/** Reads what is there now, without waiting for more. */
export async function readSome(stream: ReadableStream<string>, until: string): Promise<{ text: string; reader: ReadableStreamDefaultReader<string> }> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes(until)) {
    const next = await reader.read();
    if (next.done) break;
    text += next.value;
  }
  return { text, reader };
}

export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}
