import { ApiError } from "../../../../lib/http/api-error.ts";
import { conversationIdSchema, describeIssue } from "../../chat/schema.ts";

/** The path's conversation id, checked as /api/chat checks one: it goes into Chatbase's URL with the owner's key. */
export function parseConversationParam(value: string): string {
  const parsed = conversationIdSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, "invalid_request", `conversationId ${describeIssue(parsed.error.issues[0]).replace(/^The body /, "")}`);
  return parsed.data;
}
