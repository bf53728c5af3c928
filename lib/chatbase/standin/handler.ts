import { demoReply } from "../demo-reply.ts";
import { fillerText } from "./reply.ts";
import { answerReading, type ReadingOptions } from "./reading.ts";
import { parseScenario, PLAIN_SCENARIO, stripDirectives, type Scenario } from "./scenario.ts";
import { createConversationLog, type Feedback } from "./v2-conversations.ts";
import { readConversations } from "./v2-reading.ts";

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

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

const V2_CODES: Record<number, string> = {
  400: "VALIDATION_INVALID_BODY",
  401: "AUTH_INVALID_API_KEY",
  402: "CHAT_CREDITS_EXHAUSTED",
  403: "SUBSCRIPTION_API_RESTRICTED_PLAN",
  404: "AGENT_NOT_FOUND",
  429: "RATE_LIMIT_TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNDER_MAINTENANCE",
};

const V1_MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Message limit reached: your plan's message credits are exhausted",
  404: "Chatbot not found",
  429: "Too many requests",
  500: "Internal server error",
};

function errorResponse(version: Version, status: number, retryAfter?: string, code?: string): Response {
  const headers: Record<string, string> = retryAfter ? { "Retry-After": retryAfter } : {};
  if (status === 429) {
    headers["X-RateLimit-Limit"] = "100";
    headers["X-RateLimit-Remaining"] = "0";
  }
  const message = V1_MESSAGES[status] ?? `Error ${status}`;
  if (version === "v1") return json(status, { message }, headers);
  const v2Message = status === 403 ? "Your plan does not include API access" : status === 402 ? "Insufficient message credits" : message;
  return json(status, { error: { code: code ?? V2_CODES[status] ?? "ERROR", message: v2Message } }, headers);
}

function v2Error(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
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

interface ReplyIds {
  messageId: string;
  userMessageId?: string;
}

const SERVER_ACTION = "Check order status";
const CLIENT_ACTION = "Open support ticket";

/** A Custom Action's tool parts: Chatbase runs a server action itself; a client one waits for the caller. */
function actionFrames(kind: "server" | "client", callId: string): string[] {
  const toolName = kind === "server" ? SERVER_ACTION : CLIENT_ACTION;
  const frames = [
    sse({ type: "start-step" }),
    sse({ type: "tool-input-start", toolCallId: callId, toolName }),
    sse({ type: "tool-input-delta", toolCallId: callId, inputTextDelta: '{"orderId":"A-1"}' }),
    sse({ type: "tool-input-available", toolCallId: callId, toolName, input: { orderId: "A-1" } }),
  ];
  if (kind === "server") frames.push(sse({ type: "tool-output-available", toolCallId: callId, output: { status: "shipped" } }));
  frames.push(sse({ type: "finish-step" }));
  return frames;
}

function v2Frames(pieces: string[], conversationId: string, ids: ReplyIds, scenario: Scenario): string[] {
  const finishReason = scenario.action === "client" ? "tool-calls" : "stop";
  const metadata = { conversationId, messageId: ids.messageId, userMessageId: ids.userMessageId, finishReason, usage: { credits: 1 } };
  const frames = [sse({ type: "start", messageId: ids.messageId })];
  if (scenario.action) frames.push(...actionFrames(scenario.action, `call_${ids.messageId}`));
  if (pieces.length > 0) frames.push(sse({ type: "text-start", id: "text-0" }));
  const limit = scenario.errorAfter ?? pieces.length;
  pieces.slice(0, limit).forEach((delta) => frames.push(sse({ type: "text-delta", id: "text-0", delta })));
  if (scenario.errorAfter !== undefined) {
    frames.push(sse({ type: "error", errorText: "The agent failed while answering." }), sse("[DONE]"));
    return frames;
  }
  if (pieces.length > 0) frames.push(sse({ type: "text-end", id: "text-0" }));
  frames.push(sse({ type: "finish-step" }));
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

function replyPieces(version: Version, text: string, conversationId: string, ids: ReplyIds, scenario: Scenario): Pieces {
  if (scenario.reply === "clock") {
    return { count: scenario.words ?? 100, at: () => encoder.encode(`${process.hrtime.bigint()} `) };
  }
  const pieces = tokens(text);
  const frames =
    version === "v2"
      ? v2Frames(pieces, conversationId, ids, scenario)
      : scenario.sse
        ? [...pieces.map((piece) => sse({ text: piece })), sse("[DONE]")]
        : pieces;
  const chunks = scenario.chunkBytes ? rechunk(frames, scenario.chunkBytes) : frames.map((frame) => encoder.encode(frame));
  return { count: chunks.length, at: (index) => chunks[index] };
}

interface Turn {
  version: Version;
  question: string;
  /** v1: which visitor turn this is; v2 counts turns in the conversation log instead (0 here). */
  turn: number;
  conversationId: string;
  stream: boolean;
  /** v2: the reply's text and ids, recorded when the turn is read. */
  recorded?: ReplyIds & { text: string };
  /** v2: the user a new conversation is filed under. */
  userId?: string;
}

export function createStandin(options: StandinOptions = {}) {
  const log = createConversationLog();
  const onceSeen = new Set<string>();

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
      const conversationId = typeof body.conversationId === "string" ? body.conversationId : log.nextId("conv");
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
    if (body.userId !== undefined && (typeof body.userId !== "string" || !/^[A-Za-z0-9._-]{1,128}$/.test(body.userId))) {
      return v2Error(400, "VALIDATION_INVALID_BODY", "userId must be 1 to 128 characters of A-Za-z0-9._-");
    }
    const conversationId = typeof body.conversationId === "string" ? body.conversationId : log.nextId("conv");
    const userId = typeof body.userId === "string" ? body.userId : undefined;
    return { version, question: body.message, turn: 0, conversationId, stream: body.stream !== false, userId };
  }

  function replyText(question: string, turn: number, scenario: Scenario): string {
    if (scenario.reply === "clock" || scenario.empty || scenario.action === "client") return "";
    if (scenario.words !== undefined) return fillerText(scenario.words);
    if (scenario.reply === "echo") return stripDirectives(question);
    if (scenario.reply === "multibyte") return MULTIBYTE_SAMPLE;
    return demoReply(stripDirectives(question), turn);
  }

  function scenarioFor(question: string): Scenario {
    let scenario = options.scenarios ? parseScenario(question) : PLAIN_SCENARIO;
    if (scenario.once !== undefined) {
      if (onceSeen.has(scenario.once)) scenario = { ...PLAIN_SCENARIO, chunkDelayMs: scenario.chunkDelayMs, reply: scenario.reply, words: scenario.words };
      else onceSeen.add(scenario.once);
    }
    return scenario;
  }

  /** Feedback and retry, the v2 endpoints that work on a conversation's stored messages. */
  async function handleConversationCall(request: Request, path: string): Promise<Response | undefined> {
    const feedback = /^\/api\/v2\/agents\/([^/]+)\/conversations\/([^/]+)\/messages\/([^/]+)\/feedback$/.exec(path);
    const retry = /^\/api\/v2\/agents\/([^/]+)\/conversations\/([^/]+)\/retry$/.exec(path);
    const match = feedback ?? retry;
    if (!match) return undefined;
    if (request.method !== (feedback ? "PATCH" : "POST")) return json(405, { message: "Method not allowed" });
    if (options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) return errorResponse("v2", 401);
    if (options.chatbotId && decodeURIComponent(match[1]) !== options.chatbotId) return errorResponse("v2", 404);
    const conversationId = decodeURIComponent(match[2]);
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
      if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
    } catch {
      return v2Error(400, "VALIDATION_INVALID_BODY", "The body must be a JSON object.");
    }
    if (feedback) return giveFeedback(conversationId, decodeURIComponent(match[3]), body);
    if (typeof body.messageId !== "string") return v2Error(400, "VALIDATION_INVALID_BODY", "messageId is required.");
    let scenario = PLAIN_SCENARIO;
    const again = log.retry(conversationId, body.messageId, (question, turn) => {
      scenario = scenarioFor(question);
      return replyText(question, turn, scenario) + (scenario.reply === "demo" && !scenario.empty && !scenario.action ? "\n\n(Regenerated answer.)" : "");
    });
    if (!again) return v2Error(404, "CHAT_RETRY_MESSAGE_NOT_FOUND", "No assistant message with this id in this conversation.");
    if (scenario.status !== undefined) return errorResponse("v2", scenario.status, scenario.retryAfter, scenario.code);
    const turn: Turn = { version: "v2", question: again.question, turn: 0, conversationId, stream: body.stream !== false, recorded: again };
    return reply(turn, scenario, again.text);
  }

  function giveFeedback(conversationId: string, messageId: string, body: Record<string, unknown>): Response {
    const value = body.feedback;
    if (Object.keys(body).length !== 1 || !(value === "positive" || value === "negative" || value === null)) {
      return v2Error(400, "VALIDATION_INVALID_BODY", 'The body must be exactly { "feedback": "positive" | "negative" | null }.');
    }
    const message = log.find(conversationId, messageId);
    if (!message) return v2Error(404, "RESOURCE_MESSAGE_NOT_FOUND", "No message with this id in this conversation.");
    if (message.role !== "assistant") return v2Error(422, "RESOURCE_MESSAGE_NOT_ASSISTANT", "Feedback is only for assistant messages.");
    const failWith = options.scenarios && message.question ? parseScenario(message.question).feedbackStatus : undefined;
    if (failWith !== undefined) return errorResponse("v2", failWith);
    message.feedback = value as Feedback;
    return json(200, { data: { id: message.id, role: message.role, parts: [{ type: "text", text: message.text }], createdAt: message.createdAt, feedback: message.feedback } });
  }

  function reply(turn: Turn, scenario: Scenario, text: string): Response {
    const ids: ReplyIds = turn.recorded ?? { messageId: `reply_${turn.conversationId}` };
    if (!turn.stream || scenario.json) {
      if (turn.version === "v1") return json(200, { text });
      return json(200, {
        data: {
          id: ids.messageId,
          role: "assistant",
          parts: text ? [{ type: "text", text }] : [],
          metadata: { conversationId: turn.conversationId, userMessageId: ids.userMessageId, finishReason: "stop" },
        },
      });
    }

    // v1 says text/plain even when it frames SSE (its OpenAPI lists only text/plain), so clients must sniff.
    const pieces = replyPieces(turn.version, text, turn.conversationId, ids, scenario);
    return new Response(streamBody(pieces, scenario, scenario.chunkDelayMs ?? options.chunkDelayMs ?? 0), {
      status: 200,
      headers: {
        "Content-Type": turn.version === "v2" ? "text/event-stream; charset=utf-8" : "text/plain; charset=utf-8",
        "Cache-Control": "no-cache",
      },
    });
  }

  async function handle(request: Request): Promise<Response> {
    const reading = answerReading(request, options);
    if (reading) return reading;
    const conversationRead = readConversations(request, log, options);
    if (conversationRead) return conversationRead;
    const path = new URL(request.url).pathname;
    const conversationCall = await handleConversationCall(request, path);
    if (conversationCall) return conversationCall;
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

    const scenario = scenarioFor(turn.question);
    await sleep(scenario.firstByteDelayMs, request.signal);
    if (scenario.status !== undefined) return errorResponse(version, scenario.status, scenario.retryAfter, scenario.code);

    if (version === "v2") {
      turn.recorded = log.addTurn(turn.conversationId, turn.question, (number) => replyText(turn.question, number, scenario), turn.userId);
      return reply(turn, scenario, turn.recorded.text);
    }
    return reply(turn, scenario, replyText(turn.question, turn.turn, scenario));
  }

  return { handle };
}
