import { createHmac } from "node:crypto";
import type { ReceivedRequest } from "../../lib/chatbase/standin/server";
import { STANDIN_URL, TEST_API_KEY, TEST_CHATBOT_ID, TEST_IDENTITY_SECRET } from "./servers";

/** What the owner's server computes for a signed-in user, as the README shows it. */
export const userHash = (userId: string, secret = TEST_IDENTITY_SECRET) => createHmac("sha256", secret).update(userId).digest("hex");

export const claimHeaders = (userId: string, hash = userHash(userId)) => ({ "X-Chatbase-User-Id": userId, "X-Chatbase-User-Hash": hash });

/** A conversation Chatbase holds for `userId` from "another device": one turn straight to the stand-in. */
export async function seedConversation(userId: string, message: string): Promise<string> {
  const response = await fetch(`${STANDIN_URL}/api/v2/agents/${TEST_CHATBOT_ID}/chat`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TEST_API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ message, userId, stream: false }),
  });
  const body = (await response.json()) as { data: { metadata: { conversationId: string } } };
  return body.data.metadata.conversationId;
}

/** Every request the stand-in has received so far. */
export async function standinLog(): Promise<ReceivedRequest[]> {
  return (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as ReceivedRequest[];
}
