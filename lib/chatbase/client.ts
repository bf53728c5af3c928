import type { ChatbaseSettings } from "../config/index.ts";
import { decodeChatStream, decodeJsonReply } from "./decode.ts";
import { ChatbaseError, errorFromResponse, isChatbaseError } from "./errors.ts";
import { chatRequestBody, chatUrl, type ChatInput } from "./request.ts";
import type { ChatEvent } from "./types.ts";

export interface ChatReply {
  /** Known before the first word when the caller gave it, or when Chatbase sent it first. */
  conversationId?: string;
  /**
   * The reply as it arrives. It errors with a ChatbaseError when Chatbase fails
   * or stalls part-way; cancelling it aborts the request to Chatbase at once.
   */
  events: ReadableStream<ChatEvent>;
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

function bodyEvents(response: Response, settings: ChatbaseSettings, touch: () => void): ReadableStream<ChatEvent> {
  const contentType = response.headers.get("content-type") ?? "";
  const body = response.body;
  if (!body) return new ReadableStream({ start: (controller) => controller.close() });
  if (/application\/json/i.test(contentType)) {
    return new ReadableStream<ChatEvent>({
      async start(controller) {
        for (const event of decodeJsonReply(await response.text())) controller.enqueue(event);
        controller.close();
      },
    });
  }
  // One step both decodes (keeping a character split across chunks whole) and tells the watchdog a chunk came.
  const decoder = new TextDecoder();
  return body
    .pipeThrough(
      new TransformStream<Uint8Array, string>({
        transform(chunk, controller) {
          touch();
          const text = decoder.decode(chunk, { stream: true });
          if (text) controller.enqueue(text);
        },
        flush(controller) {
          const rest = decoder.decode();
          if (rest) controller.enqueue(rest);
        },
      }),
    )
    .pipeThrough(decodeChatStream(settings.apiVersion, contentType));
}

/**
 * Sends one visitor turn to Chatbase and resolves once the reply has started
 * (its first text, or its end), so that a failure before the first word can
 * still become a proper HTTP status. Later failures error the returned stream.
 */
export async function openChatStream(settings: ChatbaseSettings, options: OpenChatOptions): Promise<ChatReply> {
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

  let reader: ReadableStreamDefaultReader<ChatEvent>;
  const early: ChatEvent[] = [];
  let conversationId = options.conversationId;
  let ended = false;
  try {
    const response = await (options.fetch ?? fetch)(chatUrl(settings), {
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
    if (!response.ok) throw await errorFromResponse(response);
    timer.touch();
    reader = bodyEvents(response, settings, timer.touch).getReader();
    for (;;) {
      const next = await reader.read().catch((error: unknown) => {
        throw failureMidStream(error, upstream.signal);
      });
      if (next.done) {
        ended = true;
        break;
      }
      early.push(next.value);
      if (next.value.type === "conversation") conversationId = next.value.conversationId;
      else break;
    }
  } catch (error) {
    cleanUp();
    abort(new ChatbaseError("aborted", "Request abandoned after a failure."));
    throw error;
  }

  if (ended) cleanUp();
  const events = new ReadableStream<ChatEvent>({
    async pull(controller) {
      const buffered = early.shift();
      if (buffered) return controller.enqueue(buffered);
      if (ended) return controller.close();
      try {
        const next = await reader.read();
        if (next.done) {
          ended = true;
          cleanUp();
          controller.close();
        } else {
          controller.enqueue(next.value);
        }
      } catch (error) {
        cleanUp();
        controller.error(failureMidStream(error, upstream.signal));
      }
    },
    async cancel() {
      cleanUp();
      abort(new ChatbaseError("aborted", "The reply was cancelled before it finished."));
      await reader.cancel().catch(() => undefined);
    },
  });
  return { conversationId, events };
}
