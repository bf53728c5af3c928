import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ask, postChat, readChunks, unique } from "./support/http";
import { claimHeaders, seedConversation, standinLog, userHash } from "./support/identity";
import { appUrl, RATE_LIMITS, serverLog } from "./support/servers";

/**
 * Identified visitors over HTTP: the history routes (/api/history, /api/history/{id}) and the identity check on
 * /api/chat and /api/feedback, against the stand-in, on the app with CHATBASE_IDENTITY_SECRET.
 */
const APP = appUrl("identity");
const history = (path = "", headers: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(`${APP}/api/history${path}`, { ...init, headers: { Accept: "application/json", ...headers } });

/** The stand-in's requests since `since` whose path names this user. */
async function upstreamCallsFor(userId: string, since: number) {
  return (await standinLog()).filter((r) => r.receivedAt >= since && r.path.includes(`/users/${userId}/`));
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
}

test("a verified visitor's conversations are listed newest first, titled by their first message, and open oldest first", async () => {
  const user = unique("u");
  const older = await seedConversation(user, "Where is my parcel?");
  const newer = await seedConversation(user, "Do you ship to Norway?");
  await seedConversation(unique("someone-else"), "Not theirs");

  const listed = await history("", claimHeaders(user));
  expect(listed.status).toBe(200);
  expect(listed.headers.get("x-chatbase-identity")).toBe("verified");
  expect(listed.headers.get("cache-control")).toBe("no-store");
  const { conversations } = (await listed.json()) as { conversations: { conversationId: string; title: string }[] };
  expect(conversations.map(({ conversationId, title }) => ({ conversationId, title }))).toEqual([
    { conversationId: newer, title: "Do you ship to Norway?" },
    { conversationId: older, title: "Where is my parcel?" },
  ]);

  const opened = await history(`/${older}`, claimHeaders(user));
  expect(opened.status).toBe(200);
  const body = (await opened.json()) as { conversationId: string; messages: { role: string; text: string }[]; complete: boolean; ended: boolean };
  expect(body).toMatchObject({ conversationId: older, complete: true, ended: false });
  expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
  expect(body.messages[0].text).toBe("Where is my parcel?");
});

test("nothing is listed or opened without a verified id, and Chatbase is not asked", async () => {
  const user = unique("u");
  const conversationId = await seedConversation(user, "Private");
  const since = Date.now();
  const forged = userHash(user, "not-the-owners-secret-0123456789");
  const claims: [string, Record<string, string>, string | null][] = [
    ["no claim", {}, null],
    ["a forged hash", claimHeaders(user, forged), "unverified"],
    ["a hash one digit off", claimHeaders(user, userHash(user).replace(/.$/, (d) => (d === "0" ? "1" : "0"))), "unverified"],
    ["a hash of the wrong length", claimHeaders(user, userHash(user).slice(0, 40)), "unverified"],
    ["a hash that is not hex", claimHeaders(user, "z".repeat(64)), "unverified"],
    ["an id too long", claimHeaders("u".repeat(129)), "unverified"],
    ["an id but no hash", { "X-Chatbase-User-Id": user }, "unverified"],
  ];
  for (const [what, headers, verdict] of claims) {
    for (const path of ["", `/${conversationId}`]) {
      const response = await history(path, headers);
      await expectError(response, 401, "identity_required");
      expect(response.headers.get("x-chatbase-identity"), `${what} ${path}`).toBe(verdict);
    }
  }
  expect(await upstreamCallsFor(user, since)).toEqual([]);
  expect((await standinLog()).filter((r) => r.receivedAt >= since && r.path.includes(conversationId))).toEqual([]);
});

test("a verified visitor cannot read another's conversation: Chatbase is asked whose it is, and no message is read", async () => {
  const owner = unique("u");
  const intruder = unique("u");
  const conversationId = await seedConversation(owner, "Mine alone");
  const since = Date.now();
  await expectError(await history(`/${conversationId}`, claimHeaders(intruder)), 404, "conversation_not_found");
  await expectError(await history("/conv_does_not_exist", claimHeaders(intruder)), 404, "conversation_not_found");
  const calls = (await standinLog()).filter((r) => r.receivedAt >= since).map((r) => r.path);
  expect(calls.filter((path) => path.includes(conversationId))).toEqual([`/api/v2/agents/e2e-bot/conversations/${conversationId}`]);
  expect(calls.some((path) => path.endsWith("/messages"))).toBe(false);
});

test("a verified visitor's new conversation is filed under their id; a claim that does not verify is not used", async () => {
  const user = unique("u");
  const good = unique("good");
  const response = await postChat("identity", ask(`[[delay=0]] ${good}`), claimHeaders(user));
  expect(response.headers.get("x-chatbase-identity")).toBe("verified");
  await readChunks(response);
  const forged = unique("forged");
  const refused = await postChat("identity", { ...ask(`[[delay=0]] ${forged}`), visitorId: user }, claimHeaders(user, userHash("someone-else")));
  expect(refused.status).toBe(200);
  expect(refused.headers.get("x-chatbase-identity")).toBe("unverified");
  await readChunks(refused);
  const anonymous = unique("anonymous");
  const visitorId = "v-abcdefghij0123456789";
  await readChunks(await postChat("identity", { ...ask(`[[delay=0]] ${anonymous}`), visitorId }, claimHeaders(user, "0".repeat(64))));

  const bodies = (await standinLog()).map((r) => r.body as { message?: string; userId?: string });
  expect(bodies.find((b) => b.message?.includes(good))?.userId).toBe(user);
  // Named as a visitor id, the account's id is not passed on either: only a verified id, or the page's own v- ids.
  expect(bodies.find((b) => b.message?.includes(forged))).not.toHaveProperty("userId");
  expect(bodies.find((b) => b.message?.includes(anonymous))?.userId).toBe(visitorId);
});

test("feedback checks a claim too, and says what became of it", async () => {
  const user = unique("u");
  const body = JSON.stringify({ conversationId: "conv-x", messageId: "msg-x", feedback: "positive" });
  const post = (headers: Record<string, string>) =>
    fetch(`${APP}/api/feedback`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
  expect((await post(claimHeaders(user))).headers.get("x-chatbase-identity")).toBe("verified");
  expect((await post(claimHeaders(user, userHash("other")))).headers.get("x-chatbase-identity")).toBe("unverified");
  expect((await post({})).headers.get("x-chatbase-identity")).toBeNull();
});

test("the history routes are guarded like /api/feedback: origin, methods, strict input, v2 only, their own rate limit", async () => {
  const user = unique("u");
  const headers = claimHeaders(user);
  await expectError(await history("", { ...headers, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }), 403, "forbidden_origin");
  await expectError(await history("/conv-1", { ...headers, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }), 403, "forbidden_origin");
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    const response = await history("", headers, { method, body: method === "DELETE" ? undefined : "{}" });
    await expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("GET, OPTIONS");
  }
  await expectError(await history("?userId=someone", headers), 400, "invalid_request");
  await expectError(await history("/conv-1?cursor=x", headers), 400, "invalid_request");
  await expectError(await history(`/${"x".repeat(200)}`, headers), 400, "invalid_request");
  await expectError(await history("/..%2Fusers", headers), 400, "invalid_request");
  // v1 keeps no conversations per user.
  await expectError(await fetch(`${appUrl("v1")}/api/history`, { headers }), 409, "history_unavailable");

  // Counted apart from messages, at the ratings' rate (60 a minute by default), per visitor address.
  const visitor = { "X-Forwarded-For": `10.251.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
  const limit = RATE_LIMITS.ratedFeedbackPerMinute;
  for (let i = 0; i < limit; i++) await expectError(await fetch(`${appUrl("rated")}/api/history`, { headers: visitor }), 401, "identity_required");
  const limited = await fetch(`${appUrl("rated")}/api/history`, { headers: visitor });
  await expectError(limited, 429, "rate_limited");
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await postChat("rated", ask("[[delay=0]] still chatting"), visitor)).status).toBe(200);
});

test("neither the user id nor its hash reaches the server log", async () => {
  const user = unique("u-logged");
  const hash = userHash(user);
  // Failures that log: Chatbase refusing a read, then a chat failing before and during the reply.
  await history("/conv_missing", claimHeaders(user));
  await readChunks(await postChat("identity", ask("[[status=500]] log me"), claimHeaders(user)));
  await readChunks(await postChat("identity", ask("[[errorAfter=2]] log me"), { ...claimHeaders(user), Accept: "text/event-stream" }));
  await expect.poll(() => readFileSync(serverLog("identity"), "utf8")).toContain("upstream_error");
  const log = readFileSync(serverLog("identity"), "utf8");
  expect(log).not.toContain(user);
  expect(log).not.toContain(hash);
});
