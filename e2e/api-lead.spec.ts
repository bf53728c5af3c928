import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { StoredContact } from "../lib/chatbase/standin/contacts";
import { standinRequests, unique } from "./support/http";
import {
  ALLOWED_PAGE_ORIGIN,
  appUrl,
  RATE_LIMITS,
  STANDIN_URL,
  TEST_API_KEY,
  TEST_CHATBOT_ID,
  TEST_IDENTITY_SECRET,
  type AppName,
} from "./support/servers";

/** /api/lead over real HTTP, against the Chatbase stand-in's contacts endpoint. */
const CONTACTS_PATH = `/api/v1/chatbots/${TEST_CHATBOT_ID}/contacts`;

function postLead(app: AppName, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${appUrl(app)}/api/lead`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function storedContact(externalId: string): Promise<StoredContact | undefined> {
  const all = (await (await fetch(`${STANDIN_URL}/__standin/contacts`)).json()) as StoredContact[];
  return all.find((contact) => contact.external_id === externalId);
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const text = await response.text();
  expect(text).not.toContain(TEST_API_KEY);
  return (JSON.parse(text) as { error: { code: string; message: string } }).error;
}

test("a valid lead reaches Chatbase's contacts with its name, email and the visitor's id as external_id", async () => {
  const visitorId = unique("v-lead");
  const response = await postLead("leadBefore", { visitorId, name: "  Ada Lovelace ", email: "ada@example.com" });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(await response.json()).toEqual({ delivered: true });
  const [call] = await standinRequests(visitorId);
  expect(call).toMatchObject({ method: "POST", path: CONTACTS_PATH });
  expect(call.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  expect(call.body).toEqual({ users: [{ external_id: visitorId, name: "Ada Lovelace", email: "ada@example.com" }] });
  expect(await storedContact(visitorId)).toMatchObject({ external_id: visitorId, name: "Ada Lovelace", email: "ada@example.com" });
});

test("a signed-in visitor's contact is filed under their verified user id, and never under an id whose hash does not verify", async () => {
  const userId = unique("u-lead");
  const visitorId = unique("v-lead");
  const hash = createHmac("sha256", TEST_IDENTITY_SECRET).update(userId).digest("hex");
  const verified = await postLead("identity", { visitorId, name: "Ada", email: "ada@example.com" }, { "X-Chatbase-User-Id": userId, "X-Chatbase-User-Hash": hash });
  expect(verified.status).toBe(200);
  expect(verified.headers.get("x-chatbase-identity")).toBe("verified");
  expect((await storedContact(userId))?.name).toBe("Ada");
  expect(await storedContact(visitorId)).toBeUndefined();

  const forgedVisitor = unique("v-forged");
  const forged = await postLead(
    "identity",
    { visitorId: forgedVisitor, name: "Mallory", email: "mallory@example.com" },
    { "X-Chatbase-User-Id": "u-42", "X-Chatbase-User-Hash": "0".repeat(64) },
  );
  expect(forged.status).toBe(200);
  expect(forged.headers.get("x-chatbase-identity")).toBe("unverified");
  expect((await storedContact(forgedVisitor))?.name).toBe("Mallory");
  const filedUnderClaim = ((await (await fetch(`${STANDIN_URL}/__standin/contacts`)).json()) as StoredContact[]).filter((c) => c.name === "Mallory" && c.external_id === "u-42");
  expect(filedUnderClaim).toEqual([]);
});

test("a phone number is checked in international form and sent in E.164", async () => {
  const visitorId = unique("v-phone");
  const refused = await postLead("leadAfter", { visitorId, name: "Grace", email: "grace@example.com", phone: "020 7946 0958" });
  expect(refused.status).toBe(400);
  expect((await errorOf(refused)).code).toBe("invalid_phone");
  const taken = await postLead("leadAfter", { visitorId, name: "Grace", email: "grace@example.com", phone: "+44 20 7946-0958" });
  expect(taken.status).toBe(200);
  expect(await storedContact(visitorId)).toMatchObject({ phonenumber: "+442079460958" });
});

const INVALID: { label: string; body: (visitorId: string) => Record<string, unknown>; code: string; names: string }[] = [
  { label: "an email without a domain", body: (visitorId) => ({ visitorId, name: "Ada", email: "ada@" }), code: "invalid_email", names: "email" },
  { label: "no email", body: (visitorId) => ({ visitorId, name: "Ada" }), code: "invalid_email", names: "email" },
  { label: "a blank name", body: (visitorId) => ({ visitorId, name: "   ", email: "ada@example.com" }), code: "invalid_name", names: "name" },
  { label: "a name of 101 characters", body: (visitorId) => ({ visitorId, name: "A".repeat(101), email: "ada@example.com" }), code: "invalid_name", names: "name" },
  { label: "a field the form does not ask for", body: (visitorId) => ({ visitorId, name: "Ada", email: "ada@example.com", phone: "+14155550123" }), code: "invalid_request", names: "phone" },
  { label: "an unknown field", body: (visitorId) => ({ visitorId, name: "Ada", email: "ada@example.com", company: "Acme" }), code: "invalid_request", names: "company" },
  { label: "a name that is not a string", body: (visitorId) => ({ visitorId, name: 42, email: "ada@example.com" }), code: "invalid_request", names: "name" },
  { label: "a visitor id Chatbase would refuse", body: (visitorId) => ({ visitorId: `${visitorId} /../x`, name: "Ada", email: "ada@example.com" }), code: "invalid_request", names: "visitorId" },
];

for (const { label, body, code, names } of INVALID) {
  test(`${label}: 400 naming ${names}, and nothing reaches Chatbase`, async () => {
    const visitorId = unique("v-invalid");
    const response = await postLead("leadBefore", body(visitorId));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(`${error.code} ${error.message}`).toContain(names);
    expect(await standinRequests(visitorId)).toEqual([]);
  });
}

test("a refused field is answered in the visitor's language", async () => {
  const response = await postLead("leadBefore", { visitorId: unique("v-de"), name: "Ada", email: "ada@" }, { "Accept-Language": "de-DE" });
  expect(await errorOf(response)).toEqual({ code: "invalid_email", message: "Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein." });
  expect(response.headers.get("content-language")).toBe("de");
});

test("Chatbase failing is said with a clear code, and the same lead can be sent again", async () => {
  const visitorId = unique("v-upstream");
  const name = `Ada [[status=500 once=${visitorId}]]`;
  const failed = await postLead("leadBefore", { visitorId, name, email: "ada@example.com" });
  expect(failed.status).toBe(502);
  expect((await errorOf(failed)).code).toBe("upstream_error");
  const refusedKey = await postLead("leadBefore", { visitorId: unique("v-401"), name: "Ada [[status=401]]", email: "ada@example.com" });
  expect((await errorOf(refusedKey)).code).toBe("upstream_unauthorized");
  const again = await postLead("leadBefore", { visitorId, name, email: "ada@example.com" });
  expect(again.status).toBe(200);
  expect(await storedContact(visitorId)).toBeDefined();
});

test("demo mode takes a valid lead and says nothing was sent; the stand-in sees nothing", async () => {
  const visitorId = unique("v-demo");
  const response = await postLead("leadDemo", { visitorId, name: "Ada", email: "ada@example.com" });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ delivered: false });
  expect((await postLead("leadDemo", { visitorId, name: "Ada", email: "ada@" })).status).toBe(400);
  expect(await standinRequests(visitorId)).toEqual([]);
});

test("with the form off, the route refuses leads: 409 lead_form_off", async () => {
  const visitorId = unique("v-off");
  const response = await postLead("v1", { visitorId, name: "Ada", email: "ada@example.com" });
  expect(response.status).toBe(409);
  expect((await errorOf(response)).code).toBe("lead_form_off");
  expect(await standinRequests(visitorId)).toEqual([]);
});

test.describe("the guard", () => {
  test("another site's page is refused, before anything is read", async () => {
    const visitorId = unique("v-foreign");
    const response = await postLead("leadBefore", { visitorId, name: "Ada", email: "ada@example.com" }, { Origin: "http://evil.example", "Sec-Fetch-Site": "cross-site" });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("forbidden_origin");
    expect(await standinRequests(visitorId)).toEqual([]);
  });

  test("a body not sent as JSON is refused with 415: a form or text/plain from another page needs no preflight", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await postLead("leadBefore", JSON.stringify({ visitorId: unique("v-type"), name: "Ada", email: "ada@example.com" }), { "Content-Type": type });
      expect(response.status).toBe(415);
      expect((await errorOf(response)).code).toBe("unsupported_media_type");
    }
  });

  test("an oversized body is refused with 413, and broken JSON with 400", async () => {
    const big = await postLead("leadBefore", { visitorId: unique("v-big"), name: "Ada", email: "ada@example.com", padding: "x".repeat(5_000) });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("body_too_large");
    const broken = await postLead("leadBefore", '{"visitorId": "v-1", "name": ');
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).code).toBe("invalid_json");
  });

  test("other methods get our JSON 405", async () => {
    const response = await fetch(`${appUrl("leadBefore")}/api/lead`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await errorOf(response)).code).toBe("method_not_allowed");
  });

  test(`leads have their own limit: ${RATE_LIMITS.leadPerMinute} a minute, then 429 with Retry-After; an allowed site may send one`, async () => {
    const body = () => ({ visitorId: unique("v-limit"), name: "Ada", email: "ada@example.com" });
    const preflight = await fetch(`${appUrl("leadLimited")}/api/lead`, {
      method: "OPTIONS",
      headers: { Origin: ALLOWED_PAGE_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ALLOWED_PAGE_ORIGIN);
    const allowed = await postLead("leadLimited", body(), { Origin: ALLOWED_PAGE_ORIGIN });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_PAGE_ORIGIN);
    for (let sent = 1; sent < RATE_LIMITS.leadPerMinute; sent++) expect((await postLead("leadLimited", body())).status).toBe(200);
    const over = body();
    const refused = await postLead("leadLimited", over);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await errorOf(refused)).toEqual({ code: "rate_limited", message: "You're sending your details too often. Please wait a little and try again." });
    expect(await standinRequests(over.visitorId)).toEqual([]);
    // The chat's own count is apart: the same visitor can still chat.
    const chat = await fetch(`${appUrl("leadLimited")}/api/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "[[delay=0]] still here" }] }),
    });
    expect(chat.status).toBe(200);
    await chat.body?.cancel();
  });
});
