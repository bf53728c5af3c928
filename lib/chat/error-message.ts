/**
 * Words a visitor can read for a failed turn: our API's own message when the
 * server answered with an error, the stream's error text when the reply broke
 * part-way, or a plain sentence when the network failed.
 */
export function visitorErrorMessage(error: Error): string {
  const body = (error as { responseBody?: unknown }).responseBody;
  if (typeof body === "string") {
    try {
      const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
      if (typeof message === "string" && message) return message;
    } catch {
      // Not our JSON (a proxy's page, say): fall through to a generic sentence.
    }
    return "The chat service answered with an error. Please try again.";
  }
  if (error instanceof TypeError || /network|fetch|terminated|load failed/i.test(error.message)) {
    return "The connection was lost. Check your connection and try again.";
  }
  return error.message || "Something went wrong. Please try again.";
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
