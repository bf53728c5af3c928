import type { ChatbaseSettings } from "../config/index.ts";
import { createChatDecoder, decodeJsonReply } from "./decode.ts";
import { ChatbaseError, errorFromResponse, isChatbaseError } from "./errors.ts";
import { chatRequestBody, chatUrl, type ChatInput } from "./request.ts";
import type { ChatEvent } from "./types.ts";

/**
 * The reply as it arrives, read batch by batch: `next` resolves with the events of one chunk from Chatbase (at
 * least one), or null at the end, and rejects with a ChatbaseError when Chatbase fails or stalls part-way;
 * `cancel` aborts the request to Chatbase at once. Not a stream of events: a stream per reply and a read per
 * event were CPU every word paid for, on the path a plain-text client shares with the naive route.
 */
export interface ChatReply {
  /** Known before the first word when the caller gave it, or when Chatbase sent it first. */
  conversationId?: string;
  next(): Promise<ChatEvent[] | null>;
  cancel(): Promise<void>;
}

export interface OpenChatOptions extends ChatInput {
  /** Aborting it (the visitor left) aborts the request to Chatbase. */
  signal?: AbortSignal;
  /** The demo bot answers through this, in Chatbase's own wire format. */
  fetch?: typeof fetch;
}

function failureFromFetch(error: unknown, signal: AbortSignal): ChatbaseError {
  if (isChatbaseError(signal.reason)) return signal.reason;
  if (isChatbaseError(error)) return error;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new ChatbaseError("upstream_unreachable", `Could not reach Chatbase: ${reason}`, { cause: error });
}

function failureMidStream(error: unknown, signal: AbortSignal): ChatbaseError {
  if (isChatbaseError(signal.reason)) return signal.reason;
  if (isChatbaseError(error)) return error;
  const reason = (error as Error)?.message ?? String(error);
  return new ChatbaseError("upstream_interrupted", `The connection to Chatbase broke mid-reply: ${reason}`, { cause: error });
}

/**
 * Fires when nothing has arrived for `timeoutMs`: no answer, no first byte, or
 * no next chunk. `touch` is on the hot path, so it only re-arms the same timer.
 */
function watchdog(timeoutMs: number, onTimeout: () => void) {
  const timer = setTimeout(onTimeout, timeoutMs);
  return {
    touch: () => timer.refresh(),
    stop: () => clearTimeout(timer),
  };
}

/** The reply's events batch by batch: `next` resolves with at least one event, or null at the end. */
interface EventSource {
  next(): Promise<ChatEvent[] | null>;
  cancel(): Promise<void>;
}

/**
 * Reads the body directly and decodes it in the same step (keeping a
 * character split across chunks whole), telling the watchdog each time a
 * chunk comes: one await per chunk on the hot path, no stream pipes.
 */
function bodyEvents(response: Response, settings: ChatbaseSettings, touch: () => void): EventSource {
  const body = response.body;
  if (!body) return { next: async () => null, cancel: async () => undefined };
  const contentType = response.headers.get("content-type") ?? "";
  if (/application\/json/i.test(contentType)) {
    let read = false;
    return {
      async next() {
        if (read) return null;
        read = true;
        return decodeJsonReply(await response.text());
      },
      cancel: () => body.cancel(),
    };
  }
  const reader = body.getReader();
  const text = new TextDecoder();
  const chat = createChatDecoder(settings.apiVersion, contentType);
  let finished = false;
  return {
    async next() {
      const held = chat.push("");
      if (held.length > 0) return held;
      while (!finished) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          const rest = [...chat.push(text.decode()), ...chat.end()];
          return rest.length > 0 ? rest : null;
        }
        touch();
        const events = chat.push(text.decode(value, { stream: true }));
        if (events.length > 0) return events;
      }
      return null;
    },
    cancel: () => reader.cancel(),
  };
}

/**
 * Sends one visitor turn to Chatbase and resolves once the reply has started
 * (its first text, or its end), so that a failure before the first word can
 * still become a proper HTTP status. Later failures error the returned stream.
 */
export async function openChatStream(settings: ChatbaseSettings, options: OpenChatOptions): Promise<ChatReply> {
  const url = chatUrl(settings, options);
  const upstream = new AbortController();
  const abort = (reason: ChatbaseError) => {
    if (!upstream.signal.aborted) upstream.abort(reason);
  };
  const onCallerAbort = () => abort(new ChatbaseError("aborted", "The visitor left before the reply finished."));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const timer = watchdog(settings.timeoutMs, () =>
    abort(new ChatbaseError("upstream_timeout", `Chatbase sent nothing for ${settings.timeoutMs} ms.`)),
  );
  const cleanUp = () => {
    timer.stop();
    options.signal?.removeEventListener("abort", onCallerAbort);
  };

  let source: EventSource;
  const early: ChatEvent[] = [];
  let conversationId = options.conversationId;
  let ended = false;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${settings.apiKey}`,
        "Content-Type": "application/json",
        Accept: "text/event-stream, text/plain, application/json",
      },
      body: chatRequestBody(settings, options),
      signal: upstream.signal,
    }).catch((error: unknown) => {
      throw failureFromFetch(error, upstream.signal);
    });
    if (!response.ok) {
      throw await errorFromResponse(response, { storedConversation: settings.apiVersion === "v2" && options.conversationId !== undefined });
    }
    timer.touch();
    source = bodyEvents(response, settings, timer.touch);
    let sawText = false;
    while (!sawText) {
      const batch = await source.next().catch((error: unknown) => {
        throw failureMidStream(error, upstream.signal);
      });
      if (batch === null) {
        ended = true;
        break;
      }
      for (const event of batch) {
        if (event.type === "text") sawText = true;
        else if (!sawText && event.type === "conversation") conversationId = event.conversationId;
      }
      early.push(...batch);
    }
  } catch (error) {
    cleanUp();
    abort(new ChatbaseError("aborted", "Request abandoned after a failure."));
    throw error;
  }

  if (ended) cleanUp();
  return {
    conversationId,
    async next() {
      if (early.length > 0) return early.splice(0);
      if (ended) return null;
      try {
        const batch = await source.next();
        if (batch === null) {
          ended = true;
          cleanUp();
        }
        return batch;
      } catch (error) {
        cleanUp();
        throw failureMidStream(error, upstream.signal);
      }
    },
    async cancel() {
      cleanUp();
      abort(new ChatbaseError("aborted", "The reply was cancelled before it finished."));
      await source.cancel().catch(() => undefined);
    },
  };
}
