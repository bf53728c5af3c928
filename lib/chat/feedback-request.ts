import type { Feedback } from "../chatbase/request.ts";
import { visitorIdentity } from "./identity.ts";

export interface FeedbackTarget {
  conversationId: string;
  messageId: string;
}

/** Asks our server to record a visitor's verdict on a reply; rejects unless it was saved. */
export async function postFeedback(target: FeedbackTarget, feedback: Feedback, fetchImpl: typeof fetch = fetch): Promise<void> {
  const response = await fetchImpl("/api/feedback", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...visitorIdentity.headers() },
    body: JSON.stringify({ ...target, feedback }),
  });
  if (!response.ok) throw new Error(`Feedback not saved: ${response.status}`);
}
