import type { ChatbaseSettings } from "../config/index.ts";
import { ChatbaseError, errorFromResponse, isChatbaseError, type ErrorContext } from "./errors.ts";

export interface CallOptions {
  /** Aborting it (the visitor left) aborts the call. */
  signal?: AbortSignal;
  /** The demo bot answers through this, like Chatbase would. */
  fetch?: typeof fetch;
}

export interface CallInit {
  method: "GET" | "POST" | "PATCH";
  /** Sent as JSON. */
  body?: unknown;
  /** Said in the timeout and abort messages: "the feedback call". */
  what: string;
  context?: ErrorContext;
}

/**
 * One short JSON call to Chatbase with the owner's key, bounded by CHATBASE_TIMEOUT_MS: resolves with a 2xx
 * response (its body unread) and maps every failure to a ChatbaseError, as the chat call does. The calls that
 * are not chat (feedback, contacts, the doctor's reads) all go through here.
 */
export async function callChatbase(settings: ChatbaseSettings, url: string, init: CallInit, options: CallOptions = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: init.method,
      headers: {
        Authorization: `Bearer ${settings.apiKey}`,
        Accept: "application/json",
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal,
    });
  } catch (error) {
    if (isChatbaseError(error)) throw error;
    if (timeout.aborted) throw new ChatbaseError("upstream_timeout", `Chatbase did not answer ${init.what} within ${settings.timeoutMs} ms.`);
    if (options.signal?.aborted) throw new ChatbaseError("aborted", `The visitor left before ${init.what} finished.`);
    const reason = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message ?? String(error);
    throw new ChatbaseError("upstream_unreachable", `Could not reach Chatbase: ${reason}`, { cause: error });
  }
  if (!response.ok) throw await errorFromResponse(response, init.context);
  return response;
}

/** A 2xx body as JSON, or undefined when it is not JSON: Chatbase's success bodies are read defensively. */
export async function jsonBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}
