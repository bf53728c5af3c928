// Server only: the server log.
import "server-only";
import type { ChatbaseError } from "./chatbase/errors.ts";

/**
 * The owner's view of a failure, one line on the server log. Secrets are
 * replaced wherever they appear, in case an upstream message ever echoes one.
 */
export function logChatFailure(error: ChatbaseError, secrets: (string | undefined)[], phase: "before-reply" | "mid-reply") {
  if (error.code === "aborted") return;
  let line = `[chat] ${phase} ${error.code} (answered ${error.status}): ${error.message}`;
  for (const secret of secrets) {
    if (secret) line = line.split(secret).join("[redacted]");
  }
  console.error(line);
}
