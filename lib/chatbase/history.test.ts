import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatbaseSettings } from "../config/index.ts";
import { conversation, conversationMessages, userConversations } from "./conversations.ts";
import { ChatbaseError } from "./errors.ts";
import { userConversation, userHistory } from "./history.ts";
import { startStandin, type RunningStandin } from "./standin/server.ts";

const KEY = "sk-unit-history-key";
const BOT = "bot-history";
let standin: RunningStandin;

const settings = (overrides: Partial<ChatbaseSettings> = {}): ChatbaseSettings => ({
  apiKey: KEY,
  chatbotId: BOT,
  apiVersion: "v2",
  baseUrl: standin.url,
  timeoutMs: 2_000,
  ...overrides,
});

/** Chats through the stand-in as another device would: the first turn files the conversation under `userId`. */
async function chat(message: string, ids: { userId?: string; conversationId?: string }): Promise<string> {
  const response = await fetch(`${standin.url}/api/v2/agents/${BOT}/chat`, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ message, stream: false, ...ids }),
  });
  const body = (await response.json()) as { data: { metadata: { conversationId: string } } };
  return body.data.metadata.conversationId;
}

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY, chatbotId: BOT });
});
afterAll(async () => {
  await standin.close();
});

describe("Chatbase's conversation reads, against the stand-in", () => {
  it("lists a user's conversations across pages, and only theirs", async () => {
    const user = unique("u");
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await chat(`Question ${i}`, { userId: user }));
    await chat("Someone else's", { userId: unique("other") });
    const pagesBefore = standin.requests.length;
    const listed = await userConversations(settings(), user, { max: 20 });
    expect(listed.map((entry) => entry.id)).toEqual([...ids].reverse());
    expect(listed.every((entry) => entry.userId === user && entry.createdAt! > 1_600_000_000_000)).toBe(true);
    expect(standin.requests.length - pagesBefore).toBe(1);
    // Two at a time, the same five come in three pages; a bound of four stops after two.
    const before = standin.requests.length;
    expect((await userConversations(settings(), user, { max: 20, limit: 2 })).map((entry) => entry.id)).toEqual([...ids].reverse());
    expect(standin.requests.length - before).toBe(3);
    expect(await userConversations(settings(), user, { max: 4, limit: 2 })).toHaveLength(4);
    expect(standin.requests.length - before).toBe(5);
  });

  it("reads a conversation's messages oldest first across pages, and says when the bound cut it short", async () => {
    const user = unique("u");
    const id = await chat("First question", { userId: user });
    await chat("Second question", { conversationId: id });
    await chat("Third question", { conversationId: id });
    const all = await conversationMessages(settings(), id, { limit: 2, maxPages: 10 });
    expect(all.complete).toBe(true);
    expect(all.messages.map((m) => `${m.role}:${m.text.slice(0, 15)}`).filter((m) => m.startsWith("user"))).toEqual([
      "user:First question",
      "user:Second question",
      "user:Third question",
    ]);
    expect(all.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    const cut = await conversationMessages(settings(), id, { limit: 2, maxPages: 2 });
    expect(cut.complete).toBe(false);
    expect(cut.messages.map((m) => m.text.slice(0, 15))).toEqual(all.messages.slice(2).map((m) => m.text.slice(0, 15)));
  });

  it("knows a conversation's user, and answers undefined for an unknown one", async () => {
    const user = unique("u");
    const id = await chat("Hello", { userId: user });
    expect(await conversation(settings(), id)).toMatchObject({ id, userId: user, status: "ongoing" });
    expect(await conversation(settings(), "conv_unknown")).toBeUndefined();
  });

  it("maps Chatbase's refusals: a wrong key, an unknown agent, a bad limit", async () => {
    await expect(userConversations(settings({ apiKey: "sk-wrong" }), "u-1", { max: 5 })).rejects.toMatchObject({ code: "upstream_unauthorized" });
    await expect(userConversations(settings({ chatbotId: "other-bot" }), "u-1", { max: 5 })).rejects.toMatchObject({ code: "upstream_not_found" });
    const response = await fetch(`${standin.url}/api/v2/agents/${BOT}/users/u-1/conversations?limit=101`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(400);
    const badCursor = await fetch(`${standin.url}/api/v2/agents/${BOT}/users/u-1/conversations?cursor=nonsense`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(badCursor.status).toBe(400);
    await expect(userConversations(settings({ baseUrl: "http://127.0.0.1:9" }), "u-1", { max: 5 })).rejects.toBeInstanceOf(ChatbaseError);
  });
});

describe("a verified user's history", () => {
  it("lists their conversations newest first, titled by the first message", async () => {
    const user = unique("u");
    const older = await chat("Where is my order?", { userId: user });
    await chat("And the invoice?", { conversationId: older });
    const newer = await chat("Do you ship to Norway?", { userId: user });
    await chat("Not mine", { userId: unique("u") });
    const history = await userHistory(settings(), user);
    expect(history.map(({ conversationId, title }) => ({ conversationId, title }))).toEqual([
      { conversationId: newer, title: "Do you ship to Norway?" },
      { conversationId: older, title: "Where is my order?" },
    ]);
  });

  it("opens a conversation only for its own user, asking Chatbase who that is before reading any message", async () => {
    const user = unique("u");
    const id = await chat("My private question", { userId: user });
    const mine = await userConversation(settings(), user, id);
    expect(mine?.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(mine).toMatchObject({ conversationId: id, complete: true, ended: false });

    const before = standin.requests.length;
    expect(await userConversation(settings(), "u-intruder", id)).toBeUndefined();
    const calls = standin.requests.slice(before).map((r) => r.path);
    expect(calls).toEqual([`/api/v2/agents/${BOT}/conversations/${id}`]);
    expect(await userConversation(settings(), user, "conv_unknown")).toBeUndefined();
  });
});
