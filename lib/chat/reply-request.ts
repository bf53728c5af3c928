// Browser only: one reply's request to /api/chat, opened the moment the visitor sends, before the AI SDK has loaded,
// and picked up again where it stopped when the connection drops.
import "client-only";
import type { UIMessageChunk } from "ai";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { visitorIdentity } from "./identity.ts";

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

export interface ReplyRequestOptions {
  api: string;
  visitorId: string;
  fetch?: typeof fetch;
  /** The connection back: how long to keep trying after it drops, and how often while the browser says it is online. */
  reconnectForMs?: number;
  reconnectEveryMs?: number;
}

const RECONNECT_FOR_MS = 120_000;
/**
 * A browser that still says it is online was cut off somewhere it cannot see (a proxy, a server, a switch of
 * networks): it only learns the way is open again by trying, so it tries often, and the next word comes soon after.
 */
const RECONNECT_EVERY_MS = 100;
/** A browser that says it is offline is told when it is back (`online`); until then it only checks now and then. */
const OFFLINE_CHECK_EVERY_MS = 1_000;

/** Where the server keeps a reply after the connection that asked for it has gone. */
export const replyUrl = (api: string, replyId: string) => `${api}/replies/${encodeURIComponent(replyId)}`;

/** A dropped connection (not a refusal, not the visitor's Stop): the reply goes on at the server, so it can be picked up. */
function isDrop(error: unknown): boolean {
  return error instanceof TypeError;
}

/**
 * The reply's chunks, kept from the first, so that whoever takes the reply over later (the AI SDK, once it
 * has loaded) can read it from the start and then on as it arrives: nothing is fetched twice, nothing missed.
 *
 * Leaving is not stopping: the server reads the reply to its end whether or not this page is still connected,
 * and holds it for a while. When the connection drops, this asks for the rest (from the chunk it has up to)
 * as soon as the network is back, and its readers never notice; a reload picks the reply up from its first chunk.
 * Only `stop()` stops the reply.
 */
export class ReplyRequest {
  private readonly received: UIMessageChunk[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly endListeners = new Set<EndListener>();
  private readonly controller = new AbortController();
  private readonly options: ReplyRequestOptions;
  private ended = false;
  private failure: unknown;
  private stopRequested = false;
  private replyId: string | undefined;

  /**
   * `body` opens a new reply; `{ replyId }` picks up one the server holds, from its first chunk; `opened` is a
   * request the page's inline script sent before the page had loaded (early-intents.ts).
   */
  constructor(options: ReplyRequestOptions, open: { body: object } | { replyId: string } | { opened: { response: Promise<Response>; abort: () => void } }) {
    this.options = options;
    if ("replyId" in open) this.replyId = open.replyId;
    if ("opened" in open) this.controller.signal.addEventListener("abort", open.opened.abort);
    void this.read("body" in open ? open.body : "opened" in open ? open.opened.response : undefined);
  }

  /** The server's id of this reply, once it has said it (its first chunk). */
  get id(): string | undefined {
    return this.replyId;
  }

  /** Leaves the reply: the connection closes, and the server goes on reading it for a later visit. */
  detach(): void {
    this.controller.abort();
  }

  /** Stops the reply: the server ends Chatbase's request, wherever it is being read. */
  stop(): void {
    this.stopRequested = true;
    if (this.replyId && !this.ended) {
      const { api, visitorId, fetch: fetcher = fetch } = this.options;
      // keepalive: the page may be leaving as the visitor presses Stop (Escape, then a link).
      void fetcher(`${replyUrl(api, this.replyId)}/stop`, { method: "POST", headers: { "X-Visitor-Id": visitorId }, keepalive: true }).catch(() => {});
    }
    this.controller.abort();
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Whether the visitor stopped it (rather than the page letting go of it). */
  get stopped(): boolean {
    return this.stopRequested;
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

  /**
   * The reply from its first chunk, then live. `signal` aborting is the AI SDK's Stop, which stops the reply;
   * the AI SDK cancelling the stream (it read an error event, say) only lets go of it.
   */
  replay(signal?: AbortSignal): ReadableStream<UIMessageChunk> {
    let unlisten: (() => void) | undefined;
    const onAbort = () => this.stop();
    return new ReadableStream<UIMessageChunk>({
      start: (controller) => {
        for (const chunk of this.received) controller.enqueue(chunk);
        if (this.ended) return this.finish(controller);
        signal?.addEventListener("abort", onAbort, { once: true });
        unlisten = this.listen(
          (chunk) => controller.enqueue(chunk),
          () => this.finish(controller),
        );
      },
      cancel: () => {
        unlisten?.();
        signal?.removeEventListener("abort", onAbort);
        this.detach();
      },
    });
  }

  private finish(controller: ReadableStreamDefaultController<UIMessageChunk>) {
    if (this.failure === undefined) controller.close();
    else controller.error(this.failure);
  }

  private async open(body: object | Promise<Response> | undefined): Promise<Response> {
    const { api, visitorId, fetch: fetcher = fetch } = this.options;
    const signal = this.controller.signal;
    // A signed-in visitor's claim goes with each new turn; the server decides whether it files the conversation.
    const claim = visitorIdentity.getSnapshot().claim;
    const response =
      body instanceof Promise
        ? await body
        : body !== undefined
        ? await fetcher(api, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...visitorIdentity.headers() },
            body: JSON.stringify(body),
            signal,
          })
        : await fetcher(`${replyUrl(api, this.replyId!)}?from=${this.received.length}`, {
            headers: { Accept: "text/event-stream", "X-Visitor-Id": visitorId },
            signal,
          });
    if (body !== undefined && !(body instanceof Promise)) visitorIdentity.noteResponse(response, claim);
    if (!response.ok || !response.body) throw new ReplyRequestError(response.status, await response.text());
    return response;
  }

  private async readEvents(response: Response) {
    const events = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    // A reader, not `for await`: Safari on older iPhones cannot iterate a stream.
    const reader = events.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (next.value.data === "[DONE]") continue;
      const chunk = JSON.parse(next.value.data) as UIMessageChunk;
      if (chunk.type === "start" && chunk.messageId) this.replyId ??= chunk.messageId;
      this.received.push(chunk);
      for (const listener of this.listeners) listener(chunk);
    }
  }

  private async read(body: object | Promise<Response> | undefined) {
    let dropped: unknown;
    let tryUntil = 0;
    try {
      for (let first = true; ; first = false) {
        try {
          await this.readEvents(await this.open(first ? body : undefined));
          break;
        } catch (error) {
          // The first request refused, or a drop before the server named the reply: nothing to pick up.
          if (this.aborted || !isDrop(error) || !this.replyId) throw error;
          dropped ??= error;
          tryUntil ||= Date.now() + (this.options.reconnectForMs ?? RECONNECT_FOR_MS);
          if (Date.now() > tryUntil) throw dropped;
          await this.networkBack();
        }
      }
    } catch (error) {
      // The reply is gone (expired, or the server restarted without Redis): the words so far are what there is.
      this.failure = error instanceof ReplyRequestError && error.statusCode === 404 && dropped ? dropped : error;
    }
    this.ended = true;
    for (const listener of this.endListeners) listener(this.failure);
  }

  /** Resolves when it is worth trying again: the network is back, the page is shown again, or a short wait passed. */
  private networkBack(): Promise<void> {
    const page = typeof window === "undefined" ? undefined : window;
    const wait = page?.navigator.onLine === false ? OFFLINE_CHECK_EVERY_MS : (this.options.reconnectEveryMs ?? RECONNECT_EVERY_MS);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        page?.removeEventListener("online", done);
        page?.document.removeEventListener("visibilitychange", visible);
        this.controller.signal.removeEventListener("abort", done);
        resolve();
      };
      const visible = () => page?.document.visibilityState === "visible" && done();
      const timer = setTimeout(done, wait);
      page?.addEventListener("online", done);
      page?.document.addEventListener("visibilitychange", visible);
      this.controller.signal.addEventListener("abort", done);
    });
  }
}
