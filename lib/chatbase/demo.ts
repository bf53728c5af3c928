import { demoAnswer, demoTopic } from "./demo-reply.ts";

/**
 * The built-in demo bot behind a `fetch`, answering what `/api/chat`, `/api/feedback` and `/api/lead` ask Chatbase in
 * Chatbase's own wire formats (v1's streamed text; v2's UI message stream, retry and feedback), so demo
 * mode runs through exactly the code that talks to Chatbase. Server side. It keeps nothing between
 * requests: a v2 reply's id carries what a retry needs. The test stand-in (`standin/`) is a separate,
 * fuller fake with failure scenarios; none of it is deployed with the app.
 */
export const demoFetch: typeof fetch = async (input, init) => answer(new Request(input, init));

/** Pause between the demo bot's words: fast enough to read along, slow enough to see it stream. */
const WORD_DELAY_MS = 30;

const V2_CHAT = /^\/api\/v2\/agents\/[^/]+\/chat$/;
const V2_RETRY = /^\/api\/v2\/agents\/[^/]+\/conversations\/([^/]+)\/retry$/;
const CONTACTS = /^\/api\/v1\/chatbots\/[^/]+\/contacts$/;
const V2_FEEDBACK = /^\/api\/v2\/agents\/[^/]+\/conversations\/[^/]+\/messages\/[^/]+\/feedback$/;
/** `demo_<turn, 0 when unknown>_<topic>_<random>`: a reply's id, from which a retry answers again. */
const REPLY_ID = /^demo_(\d+)_(-?\d+)_[\w-]+$/;

async function answer(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "PATCH" && V2_FEEDBACK.test(path)) return Response.json({ data: {} });
  // A lead in demo mode is taken and dropped: there is no chatbot to file it with (the page says nothing was sent).
  if (request.method === "POST" && CONTACTS.test(path)) return Response.json({ message: "Success", data: [] });
  if (request.method !== "POST") return Response.json({ message: "Not found" }, { status: 404 });
  const body = (await request.json()) as Record<string, unknown>;

  if (path === "/api/v1/chat") {
    const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: string }[]) : [];
    const questions = messages.filter((message) => message.role === "user");
    const text = demoAnswer(demoTopic(String(questions.at(-1)?.content ?? "")), questions.length);
    return new Response(wordByWord(words(text)), { headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (V2_CHAT.test(path)) {
    const conversationId = typeof body.conversationId === "string" ? body.conversationId : `demo_conv_${crypto.randomUUID()}`;
    const turn = typeof body.conversationId === "string" ? undefined : 1;
    const topic = demoTopic(String(body.message ?? ""));
    return v2Reply(conversationId, `demo_${turn ?? 0}_${topic}_${crypto.randomUUID()}`, demoAnswer(topic, turn));
  }
  const retry = V2_RETRY.exec(path);
  const replied = REPLY_ID.exec(String(body.messageId ?? ""));
  if (retry && replied) {
    const [turn, topic] = [Number(replied[1]) || undefined, Number(replied[2])];
    const text = `${demoAnswer(topic, turn)}\n\n(Regenerated answer.)`;
    return v2Reply(decodeURIComponent(retry[1]), `demo_${turn ?? 0}_${topic}_${crypto.randomUUID()}`, text);
  }
  return Response.json({ error: { code: "RESOURCE_NOT_FOUND", message: "Not found" } }, { status: 404 });
}

/** Words with their trailing white space: the pieces a streaming model would send. */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** v2's UI message stream for one text reply, ending with the metadata the page keeps (conversation and message ids). */
function v2Reply(conversationId: string, messageId: string, text: string): Response {
  const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
  const frames = [
    frame({ type: "start", messageId }),
    frame({ type: "text-start", id: "text-0" }),
    ...words(text).map((delta) => frame({ type: "text-delta", id: "text-0", delta })),
    frame({ type: "text-end", id: "text-0" }),
    frame({ type: "finish-step" }),
    frame({ type: "finish", metadata: { conversationId, messageId, finishReason: "stop" } }),
    "data: [DONE]\n\n",
  ];
  return new Response(wordByWord(frames), { headers: { "Content-Type": "text/event-stream; charset=utf-8" } });
}

function wordByWord(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, WORD_DELAY_MS));
      if (cancelled) return;
      if (index === pieces.length) controller.close();
      else controller.enqueue(encoder.encode(pieces[index++]));
    },
    cancel() {
      cancelled = true;
    },
  });
}
