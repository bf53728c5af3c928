import { fill } from "../i18n/format.ts";
import { en } from "../i18n/server.ts";
import { ApiError } from "./api-error.ts";

function tooLarge(maxBytes: number, headers: Record<string, string> = {}): ApiError {
  return new ApiError(413, "body_too_large", fill(en.apiErrors.body_too_large, { max: maxBytes }), headers, ({ messages }) =>
    fill(messages.apiErrors.body_too_large, { max: maxBytes }),
  );
}

/**
 * Reads a request body as UTF-8 text, refusing it as soon as it passes
 * `maxBytes` (by its Content-Length, or while it streams in) instead of
 * buffering whatever a client chooses to send.
 */
export async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new ApiError(400, "invalid_body", en.apiErrors.invalid_body);
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      // The rest of the body stays unread in the connection, so it cannot carry another request: under
      // `next start` the client's next request on it would wait for the idle timeout and be reset.
      throw tooLarge(maxBytes, { Connection: "close" });
    }
    chunks.push(next.value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "invalid_encoding", en.apiErrors.invalid_encoding);
  }
}
