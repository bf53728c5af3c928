// Browser only: the AI SDK's chat, loaded with import() on the visitor's first intent; it writes into the live chat's state.
import "client-only";
// First: zod must be told before the AI SDK's modules build their schemas.
import "./zod-jitless.ts";
import { AbstractChat, type ChatOnFinishCallback, type ChatState, type ChatTransport } from "ai";
import type { ChatMessage } from "./messages.ts";
import type { ReplyRequest } from "./reply-request.ts";

/** What the live chat asks of the AI SDK: read a reply it has opened into its state, and stop it. */
export interface Engine {
  /** Reads `reply` from its first chunk (a replay, so words already shown are rebuilt in place, not repeated). */
  adopt(reply: ReplyRequest): Promise<void>;
  stop(): Promise<void>;
}

class Chat extends AbstractChat<ChatMessage> {}

/**
 * The AI SDK's `AbstractChat` (the class under `useChat`) over a state it does not own. Every request is
 * opened by the live chat, so the transport only hands over a reply already on its way: `reconnectToStream`
 * is the AI SDK's door for a stream it did not start.
 */
export function createEngine(id: string, state: ChatState<ChatMessage>, onFinish: ChatOnFinishCallback<ChatMessage>): Engine {
  let handedOver: ReplyRequest | undefined;
  const transport: ChatTransport<ChatMessage> = {
    resumeStreamIsReplay: true,
    sendMessages: () => Promise.reject(new Error("Requests are opened by the live chat and adopted.")),
    reconnectToStream: async ({ abortSignal }) => {
      const reply = handedOver;
      handedOver = undefined;
      return reply ? reply.replay(abortSignal) : null;
    },
  };
  const chat = new Chat({ id, state, transport, onFinish });
  return {
    adopt(reply) {
      handedOver = reply;
      return chat.resumeStream();
    },
    stop: () => chat.stop(),
  };
}
