import type { ChatbaseSettings } from "../config/index.ts";
import { callChatbase, jsonBody, type CallOptions } from "./call.ts";
import { chatbotReadingUrl } from "./request.ts";

/** What Chatbase said of the chatbot: found, and its name when the API gives one (v2). */
export interface ChatbotFound {
  name?: string;
}

/**
 * Asks Chatbase, without spending a message credit, whether the key and the chatbot id work together under
 * `settings.apiVersion` (the doctor asks the other version too when this one says 404). Fails with a
 * ChatbaseError: `upstream_unauthorized` the key, `upstream_forbidden` the plan, `upstream_not_found` the id.
 */
export async function findChatbot(settings: ChatbaseSettings, options: CallOptions = {}): Promise<ChatbotFound> {
  const response = await callChatbase(settings, chatbotReadingUrl(settings), { method: "GET", what: "the chatbot read" }, options);
  const body = (await jsonBody(response)) as { name?: unknown; data?: { name?: unknown } } | undefined;
  const name = body?.data?.name ?? body?.name;
  return typeof name === "string" && name.trim() ? { name: name.trim() } : {};
}
