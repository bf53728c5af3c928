import { expect, test } from "@playwright/test";
import type { ReceivedRequest } from "../lib/chatbase/standin/server";
import { ask, postChat } from "./support/http";
import { appUrl, STANDIN_URL, TEST_CHATBOT_ID } from "./support/servers";

const AGENT = `/api/v2/agents/${TEST_CHATBOT_ID}`;

/**
 * The six ways a dot-segment id could move the call our server makes with the owner's key, and the upstream
 * path URL resolution would have turned each into.
 */
const ATTEMPTS = [
  { route: "feedback", body: { conversationId: "..", messageId: "..", feedback: "positive" }, field: "conversationId", lands: `PATCH ${AGENT}/feedback` },
  { route: "feedback", body: { conversationId: "c1", messageId: ".", feedback: "positive" }, field: "messageId", lands: `PATCH ${AGENT}/conversations/c1/messages/feedback` },
  { route: "feedback", body: { conversationId: "c1", messageId: "..", feedback: "negative" }, field: "messageId", lands: `PATCH ${AGENT}/conversations/c1/feedback` },
  { route: "feedback", body: { conversationId: ".", messageId: "m1", feedback: null }, field: "conversationId", lands: `PATCH ${AGENT}/conversations/messages/m1/feedback` },
  { route: "chat", body: { ...ask("hi"), conversationId: "..", retry: { messageId: "m1" } }, field: "conversationId", lands: `POST ${AGENT}/retry` },
  { route: "chat", body: { ...ask("hi"), conversationId: ".", retry: { messageId: "m1" } }, field: "conversationId", lands: `POST ${AGENT}/conversations/retry` },
] as const;

async function received(): Promise<ReceivedRequest[]> {
  return (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as ReceivedRequest[];
}

test("ids that are dot segments are refused with 400 naming the field, and reach nothing upstream", async () => {
  const before = Math.max(0, ...(await received()).map((request) => request.id));
  for (const attempt of ATTEMPTS) {
    const response =
      attempt.route === "chat"
        ? await postChat("v2", attempt.body)
        : await fetch(`${appUrl("v2")}/api/feedback`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(attempt.body) });
    expect(response.status, JSON.stringify(attempt.body)).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toEqual({
      code: "invalid_request",
      message: expect.stringMatching(new RegExp(`^(retry\\.)?${attempt.field} `)),
    });
  }
  const reached = (await received()).filter((request) => request.id > before).map((request) => `${request.method} ${request.path}`);
  for (const attempt of ATTEMPTS) expect(reached).not.toContain(attempt.lands);
});
