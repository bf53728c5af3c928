import { UI_MESSAGE_STREAM_HEADERS } from "ai";
import { describe, expect, it } from "vitest";
import { EVENT_STREAM_HEADERS, eventStreamResponse } from "./held-reply-stream.ts";

describe("eventStreamResponse", () => {
  it("writes the AI SDK's own UI message stream headers, kept in step with the installed `ai`", () => {
    expect(EVENT_STREAM_HEADERS).toEqual(UI_MESSAGE_STREAM_HEADERS);
  });

  it("adds the route's headers over them and closes the events with [DONE]", async () => {
    const events = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('data: {"type":"start"}\n\n');
        controller.close();
      },
    });
    const response = eventStreamResponse(events, { "x-reply-id": "r-1", "cache-control": "no-cache, no-transform" });
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(response.headers.get("x-reply-id")).toBe("r-1");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(await response.text()).toBe('data: {"type":"start"}\n\ndata: [DONE]\n\n');
  });
});
