/**
 * How the stand-in should behave for one request, asked for inside the
 * visitor's message as `[[key=value flag …]]`, so that parallel tests need no
 * shared state. The demo bot ignores these; only the test server honours them.
 */
export interface Scenario {
  /** Answer with this HTTP error status instead of a reply. */
  status?: number;
  /** With `status`: the Retry-After header to send. */
  retryAfter?: string;
  /** With `status` (v2): the error code to send instead of the usual one for that status. */
  code?: string;
  /** v2: use a Custom Action while answering (`server`: Chatbase runs it; `client`: the reply stops for the caller to run it). */
  action?: "server" | "client";
  /** Finish the reply without any text. */
  empty: boolean;
  /** v2: answer feedback on this reply with this HTTP error status. */
  feedbackStatus?: number;
  /** Wait this long before answering at all. */
  firstByteDelayMs: number;
  /** Wait this long between chunks (overrides the server's default). */
  chunkDelayMs?: number;
  /** Send this many chunks, then nothing more while keeping the connection open. */
  stallAfter?: number;
  /** Send this many chunks, then reset the connection. */
  resetAfter?: number;
  /** v2: send this many chunks, then an `error` event. */
  errorAfter?: number;
  /** Misbehave only the first time this key is seen, then answer normally (to test Retry). */
  once?: string;
  /** Answer with the non-streaming JSON reply even when asked to stream. */
  json: boolean;
  /** v1: frame the reply as SSE (`data:` lines ending with `[DONE]`). */
  sse: boolean;
  /** Cut the encoded body into pieces of this many bytes (splits multi-byte characters). */
  chunkBytes?: number;
  /** v2: where the conversation id sits in the metadata. */
  meta: "flat" | "metadata" | "messageMetadata";
  /**
   * The reply: the demo bot's answer, the message echoed back, a multi-byte sample, or `words` filler words.
   * `clock` (v1 plain text, for benchmarks): `words` chunks, each the monotonic clock in nanoseconds at the
   * moment it is sent, followed by a space, so a client can tell how long each chunk took to reach it.
   */
  reply: "demo" | "echo" | "multibyte" | "clock";
  words?: number;
}

const DIRECTIVE = /\[\[([^\]]*)\]\]/g;

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE, "").trim();
}

export function parseScenario(text: string): Scenario {
  const settings = new Map<string, string>();
  for (const match of text.matchAll(DIRECTIVE)) {
    for (const token of match[1].trim().split(/\s+/)) {
      if (!token) continue;
      const [key, ...rest] = token.split("=");
      settings.set(key, rest.length ? rest.join("=") : "true");
    }
  }
  const meta = settings.get("meta");
  const reply = settings.get("reply");
  const action = settings.get("action");
  return {
    status: positiveInt(settings.get("status")),
    retryAfter: settings.get("retryAfter"),
    code: settings.get("code"),
    action: action === "server" || action === "client" ? action : undefined,
    empty: settings.get("empty") === "true",
    feedbackStatus: positiveInt(settings.get("feedbackStatus")),
    firstByteDelayMs: positiveInt(settings.get("firstByteDelay")) ?? 0,
    chunkDelayMs: positiveInt(settings.get("delay")),
    stallAfter: positiveInt(settings.get("stallAfter")),
    resetAfter: positiveInt(settings.get("resetAfter")),
    errorAfter: positiveInt(settings.get("errorAfter")),
    once: settings.get("once"),
    json: settings.get("json") === "true",
    sse: settings.get("sse") === "true",
    chunkBytes: positiveInt(settings.get("chunkBytes")),
    meta: meta === "flat" || meta === "messageMetadata" ? meta : "metadata",
    reply: reply === "echo" || reply === "multibyte" || reply === "clock" ? reply : "demo",
    words: positiveInt(settings.get("words")),
  };
}

export const PLAIN_SCENARIO: Scenario = parseScenario("");
