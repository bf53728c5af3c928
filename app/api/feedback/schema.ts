import { z } from "zod";
import type { Feedback } from "../../../lib/chatbase/request.ts";
import { ApiError } from "../../../lib/http/api-error.ts";
import { conversationIdSchema, describeIssue, messageIdSchema } from "../chat/schema.ts";

/** A feedback body is three short fields; anything larger is not one. */
export const MAX_FEEDBACK_BODY_BYTES = 2 * 1024;

export const feedbackRequestSchema = z.strictObject({
  conversationId: conversationIdSchema,
  messageId: messageIdSchema,
  feedback: z.enum(["positive", "negative"], { error: 'must be "positive", "negative" or null' }).nullable(),
});

export interface FeedbackRequest {
  conversationId: string;
  messageId: string;
  feedback: Feedback;
}

/** Parses and checks a /api/feedback body; throws an ApiError that says what is wrong. */
export function parseFeedbackRequest(text: string): FeedbackRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body must be JSON.");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new ApiError(400, "invalid_request", 'The request body must be a JSON object: { "conversationId", "messageId", "feedback" }.');
  }
  const parsed = feedbackRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeIssue(parsed.error.issues[0]));
  return parsed.data;
}
