import { describe, expect, it } from "vitest";
import { demoAnswer, demoReply, demoTopic } from "./demo-reply.ts";
import { demoFetch } from "./demo.ts";

const BASE = "https://demo.invalid";
const post = (path: string, body: unknown) => demoFetch(`${BASE}${path}`, { method: "POST", body: JSON.stringify(body) });

/** A v2 stream's text and the ids its frames carry. */
async function readV2(response: Response): Promise<{ text: string; messageId: string; conversationId: string }> {
  const frames = (await response.text())
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: {"))
    .map((frame) => JSON.parse(frame.slice("data: ".length)) as Record<string, unknown>);
  const finish = frames.find((frame) => frame.type === "finish") as { metadata: { conversationId: string; messageId: string } };
  const text = frames.filter((frame) => frame.type === "text-delta").map((frame) => frame.delta).join("");
  return { text, ...finish.metadata };
}

describe("demo bot", () => {
  it("counts the visitor's turns in v1, where the whole history is sent", async () => {
    const messages = [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "how do I deploy?" },
    ];
    const response = await post("/api/v1/chat", { messages, chatbotId: "demo", stream: true });
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(demoReply("how do I deploy?", 2));
  });

  it("introduces itself once in v2 and answers a retry on the same topic again, under a new id", async () => {
    const first = await readV2(await post("/api/v2/agents/demo/chat", { message: "how do I deploy?", stream: true }));
    expect(first.text).toBe(demoReply("how do I deploy?", 1));

    const { conversationId } = first;
    const next = await readV2(await post("/api/v2/agents/demo/chat", { message: "is my data stored?", conversationId, stream: true }));
    expect(next.text).toBe(demoAnswer(demoTopic("is my data stored?"), undefined));
    expect(next.conversationId).toBe(conversationId);

    const again = await readV2(await post(`/api/v2/agents/demo/conversations/${conversationId}/retry`, { messageId: first.messageId, stream: true }));
    expect(again.text).toBe(`${demoReply("how do I deploy?", 1)}\n\n(Regenerated answer.)`);
    expect(again.messageId).not.toBe(first.messageId);
  });

  it("answers 404 to a retry of a message it never sent", async () => {
    const response = await post("/api/v2/agents/demo/conversations/c1/retry", { messageId: "msg_from_elsewhere", stream: true });
    expect(response.status).toBe(404);
  });

  it("stops sending words when the reader cancels", async () => {
    const response = await post("/api/v1/chat", { messages: [{ role: "user", content: "hi" }], chatbotId: "demo", stream: true });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
  });
});
