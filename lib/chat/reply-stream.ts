// Server only: encodes Chatbase's reply for the response.
import "server-only";
import type { UIMessageChunk } from "ai";
import type { ChatReply } from "../chatbase/client.ts";
import { ChatbaseError, isChatbaseError } from "../chatbase/errors.ts";

export interface ChatMetadata {
  conversationId?: string;
}

type OnFailure = (error: ChatbaseError) => void;

function asChatbaseError(error: unknown): ChatbaseError {
  if (isChatbaseError(error)) return error;
  return new ChatbaseError("upstream_interrupted", `The reply stream failed: ${(error as Error)?.message ?? String(error)}`);
}

const encoder = new TextEncoder();

/**
 * The reply as plain UTF-8 text, each piece written the moment it arrives. A
 * failure part-way errors the stream, so the HTTP response ends abnormally and
 * a client can tell a cut-off reply from a finished one.
 */
export function plainTextBody(reply: ChatReply, onFailure: OnFailure): ReadableStream<Uint8Array> {
  const reader = reply.events.getReader();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await reader.read();
          if (cancelled) return;
          if (next.done) return controller.close();
          if (next.value.type === "text") return controller.enqueue(encoder.encode(next.value.text));
        }
      } catch (error) {
        if (cancelled) return;
        const failure = asChatbaseError(error);
        onFailure(failure);
        controller.error(failure);
      }
    },
    cancel(reason) {
      cancelled = true;
      return reader.cancel(reason);
    },
  });
}

const TEXT_ID = "reply";

/**
 * The reply as AI SDK UI message chunks: text deltas as they arrive, the
 * conversation id as message metadata as soon as it is known, and a failure
 * part-way as an `error` chunk carrying words a visitor can read.
 */
export function uiMessageChunks(reply: ChatReply, onFailure: OnFailure): ReadableStream<UIMessageChunk> {
  const reader = reply.events.getReader();
  let textOpen = false;
  let cancelled = false;
  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      const metadata: ChatMetadata | undefined = reply.conversationId ? { conversationId: reply.conversationId } : undefined;
      controller.enqueue({ type: "start", ...(metadata ? { messageMetadata: metadata } : {}) });
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (cancelled) return;
        if (next.done) {
          if (textOpen) controller.enqueue({ type: "text-end", id: TEXT_ID });
          controller.enqueue({ type: "finish", finishReason: "stop" });
          return controller.close();
        }
        const event = next.value;
        if (event.type === "conversation") {
          const metadata: ChatMetadata = { conversationId: event.conversationId };
          controller.enqueue({ type: "message-metadata", messageMetadata: metadata });
          return;
        }
        if (!textOpen) {
          textOpen = true;
          controller.enqueue({ type: "text-start", id: TEXT_ID });
        }
        controller.enqueue({ type: "text-delta", id: TEXT_ID, delta: event.text });
      } catch (error) {
        if (cancelled) return;
        const failure = asChatbaseError(error);
        onFailure(failure);
        if (textOpen) controller.enqueue({ type: "text-end", id: TEXT_ID });
        controller.enqueue({ type: "error", errorText: failure.publicMessage });
        controller.close();
      }
    },
    cancel(reason) {
      cancelled = true;
      return reader.cancel(reason);
    },
  });
}
