import type { ChatbaseSettings } from "../config/index.ts";
import { ChatbaseError, errorFromResponse, isChatbaseError } from "./errors.ts";
import { feedbackUrl, type Feedback } from "./request.ts";

export interface FeedbackInput {
  conversationId: string;
  messageId: string;
  feedback: Feedback;
  signal?: AbortSignal;
  /** The demo bot answers through this, like Chatbase would. */
  fetch?: typeof fetch;
}

/**
 * Records (or, with null, clears) a visitor's verdict on one assistant
 * message. Only v2 has a feedback API; Chatbase answers with the message,
 * which the page does not need.
 */
export async function sendFeedback(settings: ChatbaseSettings, input: FeedbackInput): Promise<void> {
  if (settings.apiVersion !== "v2") {
    throw new ChatbaseError("upstream_bad_request", "Feedback needs Chatbase API v2.");
  }
  const url = feedbackUrl(settings, input.conversationId, input.messageId);
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(url, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${settings.apiKey}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ feedback: input.feedback }),
      signal,
    });
  } catch (error) {
    if (isChatbaseError(error)) throw error;
    if (timeout.aborted) throw new ChatbaseError("upstream_timeout", `Chatbase did not answer the feedback call within ${settings.timeoutMs} ms.`);
    if (input.signal?.aborted) throw new ChatbaseError("aborted", "The visitor left before the feedback was saved.");
    const reason = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.message ?? String(error);
    throw new ChatbaseError("upstream_unreachable", `Could not reach Chatbase: ${reason}`, { cause: error });
  }
  if (!response.ok) throw await errorFromResponse(response, { storedConversation: true });
  await response.body?.cancel().catch(() => undefined);
}
