// Browser only: the words the page shows for a failed reply.
import "client-only";
import type { ApiErrorCode, Messages } from "../i18n/catalogs/en.ts";
import { templatePattern } from "../i18n/format.ts";

const patterns = new WeakMap<Messages, RegExp[]>();

/** Every sentence the API can answer with, as this catalog writes it, whatever fills its placeholders. */
function apiSentences(messages: Messages): RegExp[] {
  let found = patterns.get(messages);
  if (!found) {
    const sentences = [...Object.values(messages.apiErrors), ...Object.values(messages.rateLimit.perMinute), messages.rateLimit.perDay];
    found = sentences.map(templatePattern);
    patterns.set(messages, found);
  }
  return found;
}

const isOurs = (text: string, messages: Messages) => apiSentences(messages).some((pattern) => pattern.test(text));

/**
 * Words a visitor can read for a failed turn, always in the page's language. The
 * API answers in that language too (it matches the same Accept-Language), so its
 * message is shown when it is one of this catalog's sentences: it may say more
 * (how long to wait). Anything else (another language, a proxy's page, a detail
 * meant for developers) gives way to this catalog's sentence for the error's code,
 * or a plain sentence when the network failed.
 */
export function visitorErrorMessage(error: Error, messages: Messages): string {
  const body = (error as { responseBody?: unknown }).responseBody;
  if (typeof body === "string") {
    let answer: { code?: unknown; message?: unknown } | undefined;
    try {
      answer = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    } catch {
      // Not our JSON (a proxy's page, say): a generic sentence below.
    }
    if (typeof answer?.message === "string" && isOurs(answer.message, messages)) return answer.message;
    const code = answer?.code;
    return typeof code === "string" && Object.hasOwn(messages.apiErrors, code) ? messages.apiErrors[code as ApiErrorCode] : messages.errors.service;
  }
  // A reply that broke part-way carries the server's sentence as the error's message.
  if (isOurs(error.message, messages)) return error.message;
  if (error instanceof TypeError || /network|fetch|terminated|load failed/i.test(error.message)) return messages.errors.connection;
  return messages.errors.unknown;
}

/** Our API's error code, when the server answered one (`conversation_ended` changes what the page offers). */
export function apiErrorCode(error: Error | undefined): string | undefined {
  const body = (error as { responseBody?: unknown } | undefined)?.responseBody;
  if (typeof body !== "string") return undefined;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
