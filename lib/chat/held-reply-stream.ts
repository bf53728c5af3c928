// Server only: a reply as the SSE events a browser reads, read to its end whether or not anyone is listening.
import "server-only";
import type { UIMessageChunk } from "ai";
import type { ChatReply } from "../chatbase/client.ts";
import type { ReplyWriter } from "./held-replies.ts";

/**
 * One chunk in, one piece out, read as the consumer asks: a pulled stream costs about half the promises per
 * chunk of a `TransformStream` (no writable side, no pipe between the two), which every reply pays per word.
 */
function mapped<In, Out>(source: ReadableStream<In>, map: (value: In) => Out, last?: () => Out): ReadableStream<Out> {
  const reader = source.getReader();
  return new ReadableStream<Out>({
    async pull(controller) {
      const next = await reader.read();
      if (!next.done) return controller.enqueue(map(next.value));
      if (last) controller.enqueue(last());
      controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Each chunk as the AI SDK's own SSE encoding writes it; the closing `[DONE]` is the response's, not the reply's. */
export function sseEvents(chunks: ReadableStream<UIMessageChunk>): ReadableStream<string> {
  return mapped(chunks, (chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
}

/**
 * The AI SDK's UI message stream headers (`UI_MESSAGE_STREAM_HEADERS` in `ai`), written out: importing that one
 * constant bundled all of `ai` (157 KB) into /api/chat, whose code otherwise takes only types from it. A unit
 * test keeps the two equal when `ai` is upgraded.
 */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  connection: "keep-alive",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
};

/** The same response for the first reading (POST) and any later one (GET): the AI SDK's stream headers, then ours. */
export function eventStreamResponse(events: ReadableStream<string>, headers: Record<string, string>): Response {
  const all = new Headers(EVENT_STREAM_HEADERS);
  for (const [name, value] of Object.entries(headers)) all.set(name, value);
  const body = mapped(
    events,
    // Buffer.from, not TextEncoder: the same UTF-8 bytes for a third of the CPU per event (Node 22).
    (text) => Buffer.from(text, "utf8"),
    () => Buffer.from("data: [DONE]\n\n", "utf8"),
  );
  return new Response(body, { headers: all });
}

/**
 * A stop aborts Chatbase's request, which errors its stream; a stopped reply is a finished one, so here the
 * error ends the events instead and the reply closes as any other (text-end, finish) rather than as a failure.
 */
export function endingWhenStopped(reply: ChatReply, stopped: AbortSignal): ChatReply {
  return {
    get conversationId() {
      return reply.conversationId;
    },
    next: () =>
      reply.next().catch((error: unknown) => {
        if (stopped.aborted) return null;
        throw error;
      }),
    cancel: () => reply.cancel(),
  };
}

/** Reads the reply into the holder to its end, however many browsers follow it (none, once they all left). */
export async function holdToEnd(events: ReadableStream<string>, writer: ReplyWriter): Promise<void> {
  const reader = events.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      writer.push(next.value);
    }
  } catch {
    // The chunks already carry any failure as an `error` chunk; a stream that still breaks ends the reply here.
  } finally {
    writer.end();
  }
}
