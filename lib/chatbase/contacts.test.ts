import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatbaseSettings } from "../config/index.ts";
import { addContact, peekContacts } from "./contacts.ts";
import { demoFetch } from "./demo.ts";
import { ChatbaseError } from "./errors.ts";
import { startStandin, type RunningStandin } from "./standin/server.ts";

const KEY = "sk-contacts-test-key";
const BOT = "bot-contacts";
let standin: RunningStandin;

beforeAll(async () => {
  standin = await startStandin({ apiKey: KEY, chatbotId: BOT });
});
afterAll(async () => {
  await standin.close();
});

const settings = (overrides: Partial<ChatbaseSettings> = {}): ChatbaseSettings => ({
  apiKey: KEY,
  chatbotId: BOT,
  apiVersion: "v2",
  baseUrl: standin.url,
  timeoutMs: 2_000,
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<ChatbaseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ChatbaseError);
  return error as ChatbaseError;
}

describe("Chatbase contacts", () => {
  it("files a contact under the chatbot with its external id, sending only the fields given", async () => {
    await addContact(settings(), { externalId: "v-contacts-1", name: "Ada", email: "ada@example.com" });
    const call = standin.requests.findLast((request) => request.path === `/api/v1/chatbots/${BOT}/contacts`);
    expect(call?.method).toBe("POST");
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.body).toEqual({ users: [{ external_id: "v-contacts-1", name: "Ada", email: "ada@example.com" }] });
    expect(standin.contacts().find((contact) => contact.external_id === "v-contacts-1")).toMatchObject({ name: "Ada", email: "ada@example.com" });
  });

  it("sends the phone number as Chatbase's phonenumber, and updates a known external id (v1 settings alike)", async () => {
    await addContact(settings({ apiVersion: "v1" }), { externalId: "v-contacts-2", phone: "+14155550123" });
    await addContact(settings({ apiVersion: "v1" }), { externalId: "v-contacts-2", name: "Grace", phone: "+14155550123" });
    const stored = standin.contacts().filter((contact) => contact.external_id === "v-contacts-2");
    expect(stored).toEqual([expect.objectContaining({ name: "Grace", phonenumber: "+14155550123" })]);
  });

  it("maps Chatbase's refusals as the chat call does: the key, the chatbot, a failure on its side", async () => {
    expect((await failure(addContact(settings({ apiKey: "sk-wrong" }), { externalId: "v-x" }))).code).toBe("upstream_unauthorized");
    expect((await failure(addContact(settings({ chatbotId: "other-bot" }), { externalId: "v-x" }))).code).toBe("upstream_not_found");
    const broken = await failure(addContact(settings(), { externalId: "v-x", name: "Ada [[status=500]]" }));
    expect(broken).toMatchObject({ code: "upstream_error", status: 502, upstreamStatus: 500 });
    expect(broken.message).not.toContain(KEY);
  });

  it("says when Chatbase cannot be reached or does not answer in time", async () => {
    const unreachable = await failure(addContact(settings({ baseUrl: "http://127.0.0.1:9" }), { externalId: "v-x" }));
    expect(unreachable.code).toBe("upstream_unreachable");
    const stalled: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    expect((await failure(addContact(settings({ timeoutMs: 100 }), { externalId: "v-x" }, { fetch: stalled }))).code).toBe("upstream_timeout");
  });

  it("reads one contact without spending a credit, for the doctor", async () => {
    expect(await peekContacts(settings())).toBe(1);
    expect(standin.requests.findLast((request) => request.method === "GET")?.path).toBe(`/api/v1/chatbots/${BOT}/contacts`);
  });

  it("is taken by the demo bot, which keeps nothing", async () => {
    await addContact(settings({ apiKey: "", baseUrl: "https://www.chatbase.co" }), { externalId: "v-demo", name: "Ada" }, { fetch: demoFetch });
  });
});

describe("the stand-in's contacts endpoint", () => {
  const post = (body: unknown) =>
    fetch(`${standin.url}/api/v1/chatbots/${BOT}/contacts`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("drops fields Chatbase does not store, and takes up to 1,000 users", async () => {
    const response = await post({ users: [{ external_id: "v-drop", name: "Ada", favourite: "tea" }] });
    expect(response.status).toBe(200);
    expect(standin.contacts().find((contact) => contact.external_id === "v-drop")).not.toHaveProperty("favourite");
    const many = Array.from({ length: 1_000 }, (_, index) => ({ external_id: `v-many-${index}` }));
    expect((await post({ users: many })).status).toBe(200);
  });

  it.each([["not json"], [{}], [{ users: [] }], [{ users: Array.from({ length: 1_001 }, (_, i) => ({ external_id: `v-${i}` })) }], [{ users: [{ name: "no id" }] }]])(
    "answers 400 in v1's shape for %j",
    async (body) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: expect.any(String) });
    },
  );
});
