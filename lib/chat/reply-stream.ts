// Server only: encodes Chatbase's reply for the response.
import "server-only";
import type { FinishReason, UIMessageChunk } from "ai";
import type { ChatReply } from "../chatbase/client.ts";
import { ChatbaseError, isChatbaseError } from "../chatbase/errors.ts";
import type { ActionState } from "../chatbase/types.ts";

export interface ChatMetadata {
  conversationId?: string;
  /** v2: Chatbase's id of this assistant message, for feedback and retry. */
  messageId?: string;
  /** Set when the reply stopped for a Custom Action that only the caller could run. */
  finishReason?: "tool-calls";
}

/**
 * A Custom Action in a reply, streamed as a `data-action` part keyed by its
 * call id. `unsupported`: the agent waits for an action this page cannot run.
 */
export interface ActionData {
  name: string;
  state: ActionState | "unsupported";
}

const FINISH_REASONS: FinishReason[] = ["stop", "length", "content-filter", "tool-calls", "error", "other"];

type OnFailure = (error: ChatbaseError) => void;
/** A failure's words for the visitor, in the visitor's language. */
type Describe = (error: ChatbaseError) => string;

function asChatbaseError(error: unknown): ChatbaseError {
  if (isChatbaseError(error)) return error;
  return new ChatbaseError("upstream_interrupted", `The reply stream failed: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * The reply as plain UTF-8 text, each piece written the moment it arrives. A
 * failure part-way errors the stream, so the HTTP response ends abnormally and
 * a client can tell a cut-off reply from a finished one.
 */
export function plainTextBody(reply: ChatReply, onFailure: OnFailure): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const batch = await reply.next();
          if (cancelled) return;
          if (batch === null) return controller.close();
          let text = "";
          for (const event of batch) if (event.type === "text") text += event.text;
          // Buffer.from, not TextEncoder: the same UTF-8 bytes for a third of the CPU per word (Node 22).
          if (text) return controller.enqueue(Buffer.from(text, "utf8"));
        }
      } catch (error) {
        if (cancelled) return;
        const failure = asChatbaseError(error);
        onFailure(failure);
        controller.error(failure);
      }
    },
    cancel() {
      cancelled = true;
      return reply.cancel();
    },
  });
}

const TEXT_ID = "reply";

/**
 * The reply as AI SDK UI message chunks: text deltas as they arrive, the
 * conversation id as message metadata as soon as it is known, and a failure
 * part-way as an `error` chunk carrying words a visitor can read. `messageId`
 * names the reply from its first chunk, so a page that draws the reply before
 * the AI SDK has loaded and the AI SDK reading it later agree on which message it is.
 */
export function uiMessageChunks(
  reply: ChatReply,
  onFailure: OnFailure,
  describe: Describe = (failure) => failure.publicMessage,
  messageId?: string,
): ReadableStream<UIMessageChunk> {
  let textOpen = false;
  let cancelled = false;
  let finishReason: FinishReason = "stop";
  const actions = new Map<string, ActionData>();
  const actionChunk = (id: string, data: ActionData): UIMessageChunk => ({ type: "data-action", id, data });
  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      const metadata: ChatMetadata | undefined = reply.conversationId ? { conversationId: reply.conversationId } : undefined;
      controller.enqueue({ type: "start", ...(messageId ? { messageId } : {}), ...(metadata ? { messageMetadata: metadata } : {}) });
    },
    async pull(controller) {
      try {
        // A pull must enqueue something or the stream stalls: a batch holding only the finish reason is only noted.
        for (;;) {
          const batch = await reply.next();
          if (cancelled) return;
          if (batch === null) {
            if (textOpen) controller.enqueue({ type: "text-end", id: TEXT_ID });
            // An action still open when the reply stops for one is the one the page would have to run.
            for (const [id, action] of actions) {
              if (finishReason === "tool-calls" && action.state === "running") controller.enqueue(actionChunk(id, { ...action, state: "unsupported" }));
            }
            const metadata: ChatMetadata | undefined = finishReason === "tool-calls" ? { finishReason } : undefined;
            controller.enqueue({ type: "finish", finishReason, ...(metadata ? { messageMetadata: metadata } : {}) });
            return controller.close();
          }
          let enqueued = false;
          for (const event of batch) {
            switch (event.type) {
              case "finish": {
                const reason = event.finishReason as FinishReason;
                finishReason = FINISH_REASONS.includes(reason) ? reason : "other";
                continue;
              }
              case "conversation":
                controller.enqueue({ type: "message-metadata", messageMetadata: { conversationId: event.conversationId } satisfies ChatMetadata });
                break;
              case "message":
                controller.enqueue({ type: "message-metadata", messageMetadata: { messageId: event.messageId } satisfies ChatMetadata });
                break;
              case "action": {
                const action: ActionData = { name: event.name, state: event.state };
                actions.set(event.id, action);
                controller.enqueue(actionChunk(event.id, action));
                break;
              }
              case "text":
                if (!textOpen) {
                  textOpen = true;
                  controller.enqueue({ type: "text-start", id: TEXT_ID });
                }
                controller.enqueue({ type: "text-delta", id: TEXT_ID, delta: event.text });
            }
            enqueued = true;
          }
          if (enqueued) return;
        }
      } catch (error) {
        if (cancelled) return;
        const failure = asChatbaseError(error);
        onFailure(failure);
        if (textOpen) controller.enqueue({ type: "text-end", id: TEXT_ID });
        controller.enqueue({ type: "error", errorText: describe(failure) });
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
      return reply.cancel();
    },
  });
}
