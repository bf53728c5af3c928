import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { ApiVersion } from "../config/index.ts";
import { ChatbaseError } from "./errors.ts";
import type { ChatEvent } from "./types.ts";

type Emit = (event: ChatEvent) => void;

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Chatbase puts metadata flat, under `metadata` or under `messageMetadata`, depending on the doc version. */
function metadataString(payload: Record<string, unknown>, key: string, flat = true): string | undefined {
  for (const place of [flat ? payload : undefined, record(payload.metadata), record(payload.messageMetadata)]) {
    const value = place?.[key];
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
}

export function conversationIdOf(payload: Record<string, unknown>): string | undefined {
  return metadataString(payload, "conversationId");
}

function conversationTracker(emit: Emit) {
  let known: string | undefined;
  return (payload: Record<string, unknown>) => {
    const id = conversationIdOf(payload);
    if (id !== undefined && id !== known) {
      known = id;
      emit({ type: "conversation", conversationId: id });
    }
  };
}

const START_TYPES = new Set(["start", "message-start"]);
const METADATA_TYPES = new Set(["finish", "message-metadata"]);

/**
 * The assistant message's id: `start` carries one, but the metadata's is the
 * one Chatbase documents as the assistant message, so once that came it wins.
 */
function messageTracker(emit: Emit) {
  let known: string | undefined;
  let fromMetadata = false;
  return (payload: Record<string, unknown>, type: unknown) => {
    const metadataId = metadataString(payload, "messageId", METADATA_TYPES.has(type as string));
    const startId = START_TYPES.has(type as string) && typeof payload.messageId === "string" && payload.messageId ? payload.messageId : undefined;
    const id = metadataId ?? (fromMetadata ? undefined : startId);
    if (metadataId) fromMetadata = true;
    if (id !== undefined && id !== known) {
      known = id;
      emit({ type: "message", messageId: id });
    }
  };
}

/** Tool parts become action events; a name seen once is remembered for the call's later parts. */
function actionTracker(emit: Emit) {
  const names = new Map<string, string>();
  return (payload: Record<string, unknown>, type: unknown) => {
    const id = payload.toolCallId;
    if (typeof id !== "string" || typeof type !== "string" || !type.startsWith("tool-")) return;
    if (typeof payload.toolName === "string" && payload.toolName) names.set(id, payload.toolName);
    const name = names.get(id) ?? "an action";
    if (type === "tool-input-start" || type === "tool-input-available" || type === "tool-call") {
      emit({ type: "action", id, name, state: "running" });
    } else if (type === "tool-output-available") {
      emit({ type: "action", id, name, state: "done" });
    } else if (type === "tool-output-error" || type === "tool-input-error") {
      emit({ type: "action", id, name, state: "failed" });
    }
  };
}

/** One v1 SSE `data:` payload: the doc that describes it does not say its shape, so take any sensible one. */
function v1SseText(data: string): string {
  const parsed = parseJson(data);
  if (typeof parsed === "string") return parsed;
  const object = record(parsed);
  if (object) {
    for (const key of ["text", "delta", "content"]) {
      if (typeof object[key] === "string") return object[key] as string;
    }
  }
  return data;
}

function v2Handler(emit: Emit, fail: (error: ChatbaseError) => void) {
  const trackConversation = conversationTracker(emit);
  const trackMessage = messageTracker(emit);
  const trackAction = actionTracker(emit);
  let finishReason: string | undefined;
  return (message: EventSourceMessage): boolean => {
    if (message.data === "[DONE]") return false;
    const payload = record(parseJson(message.data));
    if (!payload) return true;
    trackConversation(payload);
    const type = payload.type ?? message.event;
    trackMessage(payload, type);
    trackAction(payload, type);
    const reason = metadataString(payload, "finishReason");
    if (reason && reason !== finishReason) {
      finishReason = reason;
      emit({ type: "finish", finishReason: reason });
    }
    if (type === "text-delta") {
      const delta = payload.delta ?? payload.textDelta;
      if (typeof delta === "string" && delta.length > 0) emit({ type: "text", text: delta });
    } else if (type === "error") {
      const text = typeof payload.errorText === "string" ? payload.errorText : JSON.stringify(payload).slice(0, 300);
      fail(new ChatbaseError("upstream_error", `Chatbase reported an error inside its stream: ${text}`));
      return false;
    }
    return true;
  };
}

function isSseContentType(contentType: string): boolean {
  return /text\/event-stream/i.test(contentType);
}

const SSE_PREFIX = "data:";

export interface ChatDecoder {
  /**
   * The events in the next piece of text (pass "" to collect what is held).
   * Throws a ChatbaseError when Chatbase reported an error in its stream.
   */
  push(text: string): ChatEvent[];
  /** The events still held back when the body ends. */
  end(): ChatEvent[];
}

/**
 * Turns Chatbase's streamed body (already decoded to text) into ChatEvents,
 * piece by piece and synchronously, so the hot path adds no stream hops.
 * v1 is raw text fragments, or SSE when the body starts with `data:` or says
 * it is an event stream; v2 is always SSE with typed JSON events.
 */
export function createChatDecoder(version: ApiVersion, contentType: string): ChatDecoder {
  let mode: "undecided" | "text" | "sse" = version === "v2" || isSseContentType(contentType) ? "sse" : "undecided";
  let pending = "";
  let finished = false;
  let failure: ChatbaseError | undefined;
  let out: ChatEvent[] = [];
  const emit: Emit = (event) => out.push(event);

  let onMessage: (message: EventSourceMessage) => boolean;
  if (version === "v2") {
    onMessage = v2Handler(emit, (error) => (failure = error));
  } else {
    const trackConversation = conversationTracker(emit);
    onMessage = (message) => {
      if (message.data === "[DONE]") return false;
      const payload = record(parseJson(message.data));
      if (payload) trackConversation(payload);
      const text = v1SseText(message.data);
      if (text.length > 0) emit({ type: "text", text });
      return true;
    };
  }
  const parser = createParser({
    onEvent(message) {
      if (!finished && !onMessage(message)) finished = true;
    },
  });

  /** Events first; an error Chatbase reported after them is thrown on the next call, so no text is lost. */
  function take(): ChatEvent[] {
    if (out.length === 0 && failure) throw failure;
    const events = out;
    out = [];
    return events;
  }

  return {
    push(text) {
      if (mode === "undecided") {
        pending += text;
        if (pending.length < SSE_PREFIX.length && SSE_PREFIX.startsWith(pending)) return [];
        mode = pending.startsWith(SSE_PREFIX) ? "sse" : "text";
        text = pending;
        pending = "";
      }
      if (finished || text.length === 0) return take();
      if (mode === "text") return [{ type: "text", text }];
      parser.feed(text);
      return take();
    },
    end() {
      if (mode === "undecided" && pending.length > 0) emit({ type: "text", text: pending });
      // A last SSE event without its closing blank line is still part of the reply.
      if (mode === "sse" && !finished) parser.feed("\n\n");
      return take();
    },
  };
}

/** A `stream: false` style JSON answer, which a proxy or an older API may send even when asked to stream. */
export function decodeJsonReply(body: string): ChatEvent[] {
  const payload = record(parseJson(body));
  if (!payload) throw new ChatbaseError("upstream_invalid_response", "Chatbase answered 200 with JSON that could not be parsed.");
  const events: ChatEvent[] = [];
  const data = record(payload.data);
  const conversationId = conversationIdOf(data ?? payload);
  if (conversationId) events.push({ type: "conversation", conversationId });
  if (typeof data?.id === "string" && data.id) events.push({ type: "message", messageId: data.id });
  if (typeof payload.text === "string") {
    events.push({ type: "text", text: payload.text });
  } else if (data && Array.isArray(data.parts)) {
    for (const part of data.parts) {
      const text = record(part);
      if (text?.type === "text" && typeof text.text === "string") events.push({ type: "text", text: text.text });
    }
  } else {
    throw new ChatbaseError("upstream_invalid_response", "Chatbase answered 200 with JSON that holds no reply text.");
  }
  const finishReason = data && metadataString(data, "finishReason", false);
  if (finishReason) events.push({ type: "finish", finishReason });
  return events;
}
