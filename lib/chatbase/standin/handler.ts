import { demoReply, fillerText } from "./reply.ts";
import { answerReading, type ReadingOptions } from "./reading.ts";
import { parseScenario, PLAIN_SCENARIO, stripDirectives, type Scenario } from "./scenario.ts";

/**
 * A stand-in for Chatbase's chat endpoints (v1 and v2) that speaks their wire
 * formats, written against the Fetch API so that the same code answers as the
 * in-process demo bot and, behind `server.ts`, as a loopback HTTP server for
 * tests and benchmarks.
 */
export interface StandinOptions extends ReadingOptions {
  /** Pause between chunks, unless a scenario says otherwise. */
  chunkDelayMs?: number;
  /** Obey `[[…]]` directives in messages (the test server does; the demo bot does not). */
  scenarios?: boolean;
}

type Version = "v1" | "v2";

export const MULTIBYTE_SAMPLE = "Grüße aus Köln — 你好，世界 — naïve café — 👋🏽🚀 — ½ ≤ ∞";

const encoder = new TextEncoder();
const MAX_REMEMBERED_CONVERSATIONS = 10_000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

const V2_CODES: Record<number, string> = {
  400: "INVALID_REQUEST",
  401: "UNAUTHORIZED",
  402: "INSUFFICIENT_CREDITS",
  403: "FORBIDDEN",
  404: "AGENT_NOT_FOUND",
  429: "RATE_LIMIT_EXCEEDED",
  500: "INTERNAL_SERVER_ERROR",
};

const V1_MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Message limit reached: your plan's message credits are exhausted",
  404: "Chatbot not found",
  429: "Too many requests",
  500: "Internal server error",
};

function errorResponse(version: Version, status: number, retryAfter?: string): Response {
  const headers: Record<string, string> = retryAfter ? { "Retry-After": retryAfter } : {};
  if (status === 429) {
    headers["X-RateLimit-Limit"] = "100";
    headers["X-RateLimit-Remaining"] = "0";
  }
  const message = V1_MESSAGES[status] ?? `Error ${status}`;
  if (version === "v1") return json(status, { message }, headers);
  const v2Message = status === 403 ? "Your plan does not include API access" : status === 402 ? "Insufficient message credits" : message;
  return json(status, { error: { code: V2_CODES[status] ?? "ERROR", message: v2Message } }, headers);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Words with their trailing white space: the pieces a streaming model would send. */
function tokens(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

function sse(payload: unknown): string {
  return `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
}

function v2Frames(pieces: string[], conversationId: string, scenario: Scenario): string[] {
  const metadata = { conversationId, userMessageId: `msg_${conversationId}`, finishReason: "stop", usage: { credits: 1 } };
  const frames = [sse({ type: "start", messageId: `reply_${conversationId}` }), sse({ type: "text-start", id: "text-0" })];
  const limit = scenario.errorAfter ?? pieces.length;
  pieces.slice(0, limit).forEach((delta) => frames.push(sse({ type: "text-delta", id: "text-0", delta })));
  if (scenario.errorAfter !== undefined) {
    frames.push(sse({ type: "error", errorText: "The agent failed while answering." }), sse("[DONE]"));
    return frames;
  }
  frames.push(sse({ type: "text-end", id: "text-0" }), sse({ type: "finish-step" }));
  if (scenario.meta === "flat") frames.push(sse({ type: "finish", ...metadata }));
  else if (scenario.meta === "messageMetadata") {
    frames.push(`event: message\n${sse({ type: "message-metadata", messageMetadata: metadata })}`, sse({ type: "finish" }));
  } else frames.push(sse({ type: "finish", metadata }));
  frames.push(sse("[DONE]"));
  return frames;
}

function rechunk(frames: string[], size: number): Uint8Array[] {
  const all = encoder.encode(frames.join(""));
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) pieces.push(all.subarray(i, i + size));
  return pieces;
}

/** A piece by its index, made when it is sent (so a clock reply carries its own send time). */
type Pieces = { count: number; at: (index: number) => Uint8Array };

function streamBody(pieces: Pieces, scenario: Scenario, delayMs: number): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index > 0) await sleep(delayMs, cancelled.signal);
      if (cancelled.signal.aborted) return;
      if (index === scenario.resetAfter) return controller.error(new Error("stand-in: connection reset"));
      if (index === scenario.stallAfter) return new Promise<void>((resolve) => cancelled.signal.addEventListener("abort", () => resolve()));
      if (index >= pieces.count) return controller.close();
      controller.enqueue(pieces.at(index++));
    },
    cancel() {
      cancelled.abort();
    },
  });
}

function replyPieces(version: Version, text: string, conversationId: string, scenario: Scenario): Pieces {
  if (scenario.reply === "clock") {
    return { count: scenario.words ?? 100, at: () => encoder.encode(`${process.hrtime.bigint()} `) };
  }
  const pieces = tokens(text);
  const frames =
    version === "v2"
      ? v2Frames(pieces, conversationId, scenario)
      : scenario.sse
        ? [...pieces.map((piece) => sse({ text: piece })), sse("[DONE]")]
        : pieces;
  const chunks = scenario.chunkBytes ? rechunk(frames, scenario.chunkBytes) : frames.map((frame) => encoder.encode(frame));
  return { count: chunks.length, at: (index) => chunks[index] };
}

interface Turn {
  version: Version;
  question: string;
  turn: number;
  conversationId: string;
  stream: boolean;
}

export function createStandin(options: StandinOptions = {}) {
  const conversations = new Map<string, number>();
  const onceSeen = new Set<string>();
  let sequence = 0;

  function newConversationId(): string {
    sequence += 1;
    return `conv_${Date.now().toString(36)}_${sequence}_${Math.random().toString(36).slice(2, 8)}`;
  }

  function rememberTurn(conversationId: string): number {
    const turn = (conversations.get(conversationId) ?? 0) + 1;
    conversations.delete(conversationId);
    conversations.set(conversationId, turn);
    if (conversations.size > MAX_REMEMBERED_CONVERSATIONS) {
      conversations.delete(conversations.keys().next().value as string);
    }
    return turn;
  }

  function readTurn(version: Version, body: Record<string, unknown>, agentId: string | undefined): Turn | Response {
    if (version === "v1") {
      const messages = body.messages;
      const chatbotId = body.chatbotId ?? body.chatId;
      const valid =
        Array.isArray(messages) &&
        messages.length > 0 &&
        messages.every((m) => m && typeof m.content === "string" && (m.role === "user" || m.role === "assistant"));
      if (!valid || typeof chatbotId !== "string") return errorResponse(version, 400);
      if (options.chatbotId && chatbotId !== options.chatbotId) return errorResponse(version, 404);
      const users = messages.filter((m) => m.role === "user");
      const conversationId = typeof body.conversationId === "string" ? body.conversationId : newConversationId();
      return {
        version,
        question: users.at(-1)?.content ?? "",
        turn: users.length,
        conversationId,
        stream: body.stream === true,
      };
    }
    if (options.chatbotId && agentId !== options.chatbotId) return errorResponse(version, 404);
    if (typeof body.message !== "string" || body.message.length === 0) return errorResponse(version, 400);
    const conversationId = typeof body.conversationId === "string" ? body.conversationId : newConversationId();
    return {
      version,
      question: body.message,
      turn: rememberTurn(conversationId),
      conversationId,
      stream: body.stream !== false,
    };
  }

  function replyText(turn: Turn, scenario: Scenario): string {
    if (scenario.reply === "clock") return "";
    if (scenario.words !== undefined) return fillerText(scenario.words);
    if (scenario.reply === "echo") return stripDirectives(turn.question);
    if (scenario.reply === "multibyte") return MULTIBYTE_SAMPLE;
    return demoReply(stripDirectives(turn.question), turn.turn);
  }

  async function handle(request: Request): Promise<Response> {
    const reading = answerReading(request, options);
    if (reading) return reading;
    const path = new URL(request.url).pathname;
    const v2Match = /^\/api\/v2\/agents\/([^/]+)\/chat$/.exec(path);
    const version: Version | undefined = path === "/api/v1/chat" ? "v1" : v2Match ? "v2" : undefined;
    if (!version) return json(404, { message: "Not found" });
    if (request.method !== "POST") return json(405, { message: "Method not allowed" });
    if (options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
      return errorResponse(version, 401);
    }

    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await request.json();
      if (!parsed || typeof parsed !== "object") throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return errorResponse(version, 400);
    }
    const turn = readTurn(version, body, v2Match ? decodeURIComponent(v2Match[1]) : undefined);
    if (turn instanceof Response) return turn;

    let scenario = options.scenarios ? parseScenario(turn.question) : PLAIN_SCENARIO;
    if (scenario.once !== undefined) {
      if (onceSeen.has(scenario.once)) scenario = { ...PLAIN_SCENARIO, chunkDelayMs: scenario.chunkDelayMs, reply: scenario.reply, words: scenario.words };
      else onceSeen.add(scenario.once);
    }
    await sleep(scenario.firstByteDelayMs, request.signal);
    if (scenario.status !== undefined) return errorResponse(version, scenario.status, scenario.retryAfter);

    const text = replyText(turn, scenario);
    if (!turn.stream || scenario.json) {
      if (version === "v1") return json(200, { text });
      return json(200, {
        data: {
          id: `reply_${turn.conversationId}`,
          role: "assistant",
          parts: [{ type: "text", text }],
          metadata: { conversationId: turn.conversationId, finishReason: "stop" },
        },
      });
    }

    // v1 says text/plain even when it frames SSE (its OpenAPI lists only text/plain), so clients must sniff.
    return new Response(streamBody(replyPieces(version, text, turn.conversationId, scenario), scenario, scenario.chunkDelayMs ?? options.chunkDelayMs ?? 0), {
      status: 200,
      headers: {
        "Content-Type": version === "v2" ? "text/event-stream; charset=utf-8" : "text/plain; charset=utf-8",
        "Cache-Control": "no-cache",
      },
    });
  }

  return { handle };
}
