// Browser only: one reply's request to /api/chat, opened the moment the visitor sends, before the AI SDK has loaded.
import "client-only";
import type { UIMessageChunk } from "ai";
import { EventSourceParserStream } from "eventsource-parser/stream";

/** The server refused the turn; `responseBody` is its JSON error, as the AI SDK's own errors carry it. */
export class ReplyRequestError extends Error {
  readonly statusCode: number;
  readonly responseBody: string;

  constructor(statusCode: number, responseBody: string) {
    super(responseBody || `The chat answered ${statusCode}.`);
    this.name = "ReplyRequestError";
    this.statusCode = statusCode;
    this.responseBody = responseBody;
  }
}

type Listener = (chunk: UIMessageChunk) => void;
type EndListener = (error: unknown) => void;

/**
 * The reply's chunks, kept from the first, so that whoever takes the reply over later (the AI SDK, once it
 * has loaded) can read it from the start and then on as it arrives: nothing is fetched twice, nothing missed.
 */
export class ReplyRequest {
  private readonly received: UIMessageChunk[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly endListeners = new Set<EndListener>();
  private readonly controller = new AbortController();
  private ended = false;
  private failure: unknown;

  constructor(api: string, body: object, fetcher: typeof fetch = fetch) {
    void this.read(api, body, fetcher);
  }

  /** Ends the request: the server sees the connection close and stops Chatbase's. */
  abort(): void {
    this.controller.abort();
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Every chunk as it arrives, and the end (with the failure, if any); returns the unsubscribe. */
  listen(onChunk: Listener, onEnd: EndListener): () => void {
    this.listeners.add(onChunk);
    this.endListeners.add(onEnd);
    return () => {
      this.listeners.delete(onChunk);
      this.endListeners.delete(onEnd);
    };
  }

  /** The reply from its first chunk, then live; cancelling it aborts the request. */
  replay(signal?: AbortSignal): ReadableStream<UIMessageChunk> {
    let stop: (() => void) | undefined;
    const onAbort = () => this.abort();
    return new ReadableStream<UIMessageChunk>({
      start: (controller) => {
        for (const chunk of this.received) controller.enqueue(chunk);
        if (this.ended) return this.finish(controller);
        signal?.addEventListener("abort", onAbort, { once: true });
        stop = this.listen(
          (chunk) => controller.enqueue(chunk),
          () => this.finish(controller),
        );
      },
      cancel: () => {
        stop?.();
        signal?.removeEventListener("abort", onAbort);
        this.abort();
      },
    });
  }

  private finish(controller: ReadableStreamDefaultController<UIMessageChunk>) {
    if (this.failure === undefined) controller.close();
    else controller.error(this.failure);
  }

  private async read(api: string, body: object, fetcher: typeof fetch) {
    try {
      const response = await fetcher(api, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: this.controller.signal,
      });
      if (!response.ok || !response.body) throw new ReplyRequestError(response.status, await response.text());
      const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      // A reader, not `for await`: Safari on older iPhones cannot iterate a stream.
      const reader = events.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        if (next.value.data === "[DONE]") continue;
        const chunk = JSON.parse(next.value.data) as UIMessageChunk;
        this.received.push(chunk);
        for (const listener of this.listeners) listener(chunk);
      }
    } catch (error) {
      this.failure = error;
    }
    this.ended = true;
    for (const listener of this.endListeners) listener(this.failure);
  }
}
