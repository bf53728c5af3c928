import type { ChatbaseSettings } from "../config/index.ts";
import { callChatbase, type CallOptions } from "./call.ts";
import { ChatbaseError } from "./errors.ts";
import { feedbackUrl, type Feedback } from "./request.ts";

export interface FeedbackInput extends CallOptions {
  conversationId: string;
  messageId: string;
  feedback: Feedback;
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
  const response = await callChatbase(
    settings,
    url,
    { method: "PATCH", body: { feedback: input.feedback }, what: "the feedback call", context: { storedConversation: true } },
    input,
  );
  await response.body?.cancel().catch(() => undefined);
}
