import { z } from "zod";
import { PATH_ID_START, USER_ID_PATTERN } from "../../../lib/chatbase/request.ts";
import type { ChatTurn } from "../../../lib/chatbase/types.ts";
import { LIMITS } from "../../../lib/chat/limits.ts";
import { ApiError } from "../../../lib/http/api-error.ts";
import { en } from "../../../lib/i18n/server.ts";
import { fill } from "../../../lib/i18n/format.ts";

const role = z.enum(["user", "assistant"], { error: 'must be "user" or "assistant"' });

/**
 * Either `{ role, content }`, as in Chatbase's own examples and `curl`, or an
 * AI SDK UI message `{ id, role, parts }`, as `useChat` sends it (parts other
 * than text are ignored).
 */
const message = z
  .object({
    id: z.string({ error: "must be a string" }).max(200, { error: "must be at most 200 characters" }).optional(),
    role,
    content: z
      .string({ error: "must be a string" })
      .max(LIMITS.maxMessageChars, { error: `must be at most ${LIMITS.maxMessageChars} characters` })
      .optional(),
    parts: z
      .array(z.looseObject({ type: z.string(), text: z.string().optional() }), { error: "must be an array of parts" })
      .max(100, { error: "must have at most 100 parts" })
      .optional(),
  })
  .refine((m) => m.content !== undefined || m.parts !== undefined, {
    error: 'needs "content" (a string) or "parts" (an array)',
  });

/** Chatbase's own pattern for a v2 user id; the page's visitor ids (`v-…`) fit inside it. */
export const visitorIdSchema = z
  .string({ error: "must be a string" })
  .regex(USER_ID_PATTERN, { error: "must be 1 to 128 letters, digits or . _ -" });

/**
 * An id Chatbase's URLs carry: it starts with a letter or digit, so no id can be the dot segment `.` or `..`
 * that would move the upstream call (with the owner's key) to another endpoint.
 */
function pathIdSchema(maxChars: number) {
  return z
    .string({ error: "must be a string" })
    .regex(PATH_ID_START, { error: "must start with a letter or digit" })
    .regex(new RegExp(`^[A-Za-z0-9_.:-]{1,${maxChars}}$`), { error: `must be 1 to ${maxChars} letters, digits or . _ : -` });
}

export const messageIdSchema = pathIdSchema(200);

export const conversationIdSchema = pathIdSchema(LIMITS.maxConversationIdChars);

export const chatRequestSchema = z.object({
  messages: z
    .array(message, { error: "must be an array of messages" })
    .min(1, { error: "must hold at least one message" })
    .max(LIMITS.maxMessages, { error: `must hold at most ${LIMITS.maxMessages} messages` }),
  conversationId: conversationIdSchema.optional(),
  /** v2: sent to Chatbase as `userId` when the conversation starts. */
  visitorId: visitorIdSchema.optional(),
  /** v2: regenerate Chatbase's assistant message with this id instead of sending the last message again. */
  retry: z.object({ messageId: messageIdSchema }, { error: 'must be an object like { "messageId": "…" }' }).optional(),
});

export interface ChatRequest {
  messages: ChatTurn[];
  conversationId?: string;
  visitorId?: string;
  retryMessageId?: string;
}

function toTurn(message: z.infer<typeof chatRequestSchema>["messages"][number]): ChatTurn {
  if (message.content !== undefined) return { role: message.role, content: message.content };
  const content = (message.parts ?? [])
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join("");
  return { role: message.role, content };
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
    .join("")
    .replace(/^\./, "");
  return path ? `${path} ${issue.message}.` : `The body ${issue.message}.`;
}

/** Parses and checks a /api/chat body; throws an ApiError that says what is wrong. */
export function parseChatRequest(text: string): ChatRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", en.apiErrors.invalid_json);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new ApiError(400, "invalid_request", 'The request body must be a JSON object with a "messages" array.');
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeIssue(parsed.error.issues[0]));

  const messages = parsed.data.messages.map(toTurn);
  const oversized = messages.findIndex((message) => message.content.length > LIMITS.maxMessageChars);
  if (oversized >= 0) {
    throw new ApiError(400, "invalid_request", `messages[${oversized}] must be at most ${LIMITS.maxMessageChars} characters.`);
  }
  const last = messages[messages.length - 1];
  if (last.role !== "user") {
    throw new ApiError(400, "invalid_request", "The last message must be the visitor's (role \"user\").");
  }
  if (last.content.trim().length === 0) {
    throw new ApiError(400, "invalid_request", "The last message is empty.");
  }
  if (last.content.length > LIMITS.maxUserMessageChars) {
    const sizes = { length: last.content.length, limit: LIMITS.maxUserMessageChars };
    throw new ApiError(400, "message_too_long", fill(en.apiErrors.message_too_long, sizes), {}, ({ messages }) =>
      fill(messages.apiErrors.message_too_long, sizes),
    );
  }
  if (parsed.data.retry && !parsed.data.conversationId) {
    throw new ApiError(400, "invalid_request", "retry needs the conversationId of the reply to regenerate.");
  }
  return {
    messages,
    conversationId: parsed.data.conversationId,
    visitorId: parsed.data.visitorId,
    retryMessageId: parsed.data.retry?.messageId,
  };
}
