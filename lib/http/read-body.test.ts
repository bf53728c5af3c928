import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.ts";
import { readBoundedText } from "./read-body.ts";

function streamed(chunks: Uint8Array[], onPull?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
  });
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/chat", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("expected a refusal");
}

describe("readBoundedText", () => {
  it("reads a body within the bound", async () => {
    expect(await readBoundedText(post("héllo"), 100)).toBe("héllo");
  });

  it("refuses a declared Content-Length over the bound without reading", async () => {
    let pulls = 0;
    const body = streamed([new Uint8Array(10)], () => pulls++);
    const error = await refusal(readBoundedText(post(body, { "content-length": "1000" }), 100));
    expect(error).toMatchObject({ status: 413, code: "body_too_large" });
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it("stops reading a streamed body as soon as it passes the bound", async () => {
    let pulls = 0;
    const chunks = Array.from({ length: 1000 }, () => new Uint8Array(64));
    const error = await refusal(readBoundedText(post(streamed(chunks, () => pulls++)), 256));
    expect(error.status).toBe(413);
    expect(pulls).toBeLessThan(10);
  });

  it("closes the connection of a body refused half-read, and only that one", async () => {
    const chunks = Array.from({ length: 1000 }, () => new Uint8Array(64));
    expect((await refusal(readBoundedText(post(streamed(chunks)), 256))).headers).toEqual({ Connection: "close" });
    expect((await refusal(readBoundedText(post("x".repeat(300), { "content-length": "300" }), 256))).headers).toEqual({});
  });

  it("refuses bytes that are not UTF-8", async () => {
    const error = await refusal(readBoundedText(post(streamed([new Uint8Array([0xff, 0xfe, 0x41])])), 100));
    expect(error).toMatchObject({ status: 400, code: "invalid_encoding" });
  });
});
