/**
 * Chatbase's reading endpoints, which spend no message credit: `npm run doctor`
 * asks them whether the key and the chatbot id are right. Kept apart from the
 * chat endpoints in `handler.ts`. Strict about the same things Chatbase is:
 * the key (401), the chatbot id (404), and, when `idVersion` is set, which API
 * the id belongs to (the other API answers 404, as for an unknown id).
 */
export interface ReadingOptions {
  /** When set, any other bearer key gets 401. */
  apiKey?: string;
  /** When set, any other chatbot or agent id gets 404. */
  chatbotId?: string;
  /** When set, these endpoints know the chatbot id only under this API version. */
  idVersion?: "v1" | "v2";
  /** The agent's name in `GET /api/v2/agents/{id}`. */
  agentName?: string;
}

const V2_AGENT = /^\/api\/v2\/agents\/([^/]+)$/;
const V1_CONVERSATIONS = "/api/v1/get-conversations";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** Error bodies as each API shapes them (v1: `{message}`; v2: `{error: {code, message}}`). */
function failure(version: "v1" | "v2", status: 400 | 401 | 404): Response {
  const v1 = { 400: "Invalid request", 401: "Unauthorized", 404: "Chatbot not found" }[status];
  if (version === "v1") return json(status, { message: v1 });
  const code = { 400: "VALIDATION_INVALID_BODY", 401: "AUTH_INVALID_API_KEY", 404: "AGENT_NOT_FOUND" }[status];
  return json(status, { error: { code, message: status === 404 ? "Agent not found" : v1 } });
}

function knownId(options: ReadingOptions, version: "v1" | "v2", id: string): boolean {
  if (options.chatbotId !== undefined && id !== options.chatbotId) return false;
  return options.idVersion === undefined || options.idVersion === version;
}

/** The answer to a reading request, or undefined when the request is for another endpoint. */
export function answerReading(request: Request, options: ReadingOptions): Response | undefined {
  const url = new URL(request.url);
  const agent = V2_AGENT.exec(url.pathname);
  const version = agent ? "v2" : url.pathname === V1_CONVERSATIONS ? "v1" : undefined;
  if (!version) return undefined;
  if (request.method !== "GET") return json(405, { message: "Method not allowed" });
  if (options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
    return failure(version, 401);
  }
  if (version === "v2") {
    const id = decodeURIComponent(agent![1]);
    if (!knownId(options, "v2", id)) return failure("v2", 404);
    return json(200, { data: { id, name: options.agentName ?? "Stand-in agent", createdAt: 1_700_000_000 } });
  }
  const chatbotId = url.searchParams.get("chatbotId");
  const size = Number(url.searchParams.get("size") ?? "10");
  if (!chatbotId || !Number.isInteger(size) || size < 1 || size > 100) return failure("v1", 400);
  if (!knownId(options, "v1", chatbotId)) return failure("v1", 404);
  return json(200, { data: [] });
}
