import assert from "node:assert/strict";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { parseChatRequest } from "../app/api/chat/schema";
import { LIMITS } from "../lib/chat/limits";
import { ask, postChat } from "./support/http";
import { appUrl, TEST_API_KEY } from "./support/servers";

/** `npm test` sends 5,000 with a fixed seed; `npm run fuzz:long` sends more (FUZZ_REQUESTS) with a new seed. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const SEED = process.env.FUZZ_SEED === "random" ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261126);
const IN_FLIGHT = 8;

const encoder = new TextEncoder();
const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
const anyText = fc.string({ unit: "binary", maxLength: 200 });
/** Strings that stress the validators: empty, blank, huge, control characters, lone surrogates, directives. */
const nastyText = fc.oneof(
  anyText,
  fc.constantFrom("", "   ", "\u0000", "\ud800", "[[status=500]]", "<script>alert(1)</script>", "x".repeat(LIMITS.maxUserMessageChars + 1)),
);
const role = fc.oneof(fc.constantFrom("user", "assistant", "system", "tool", "USER", ""), fc.anything());
const message = fc.record(
  {
    id: fc.oneof(printable(20), fc.integer(), fc.constant("i".repeat(201))),
    role,
    content: fc.oneof(nastyText, fc.integer(), fc.constant(null), fc.array(anyText, { maxLength: 3 })),
    parts: fc.oneof(fc.array(fc.record({ type: fc.constantFrom("text", "image", ""), text: fc.oneof(nastyText, fc.integer()) }), { maxLength: 3 }), fc.anything()),
  },
  { requiredKeys: [] },
);
const chatLike = fc
  .record(
    {
      messages: fc.oneof(fc.array(message, { maxLength: 5 }), fc.constant([]), fc.anything(), fc.array(message, { minLength: 101, maxLength: 102 })),
      conversationId: fc.oneof(printable(140), fc.integer(), fc.constant(""), fc.constant(null)),
      chatId: printable(20),
      stream: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));

/** Bodies: broken JSON, any JSON, near-misses of a real request, raw bytes (often not UTF-8), and a few oversized ones. */
/** Oversized bodies are few and share one buffer: the limit needs testing, not 100 MB of uploads. */
const OVERSIZED = new Uint8Array(LIMITS.maxBodyBytes + 1).fill(0x20);
const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: chatLike.map((text) => encoder.encode(text)), weight: 24 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => encoder.encode(JSON.stringify(value))), weight: 9 },
  { arbitrary: anyText.map((text) => encoder.encode(text)), weight: 9 },
  { arbitrary: chatLike.chain((text) => fc.nat(text.length).map((cut) => encoder.encode(text.slice(0, cut)))), weight: 6 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 9 },
  { arbitrary: fc.constant(OVERSIZED), weight: 1 },
);

const headers = fc.record(
  {
    "content-type": fc.oneof(fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1"), printable(40)),
    accept: fc.constantFrom("text/event-stream", "*/*", "application/json", "text/html"),
    "content-encoding": fc.constantFrom("gzip", "br", "identity", "x-garbage"),
    "x-forwarded-for": fc.oneof(fc.ipV4(), fc.ipV6(), printable(60)),
    // Mostly what a browser on the page sends, so that most requests reach the body's validation.
    "sec-fetch-site": fc.oneof({ arbitrary: fc.constantFrom("same-origin", "none"), weight: 6 }, { arbitrary: fc.constantFrom("cross-site", "same-site"), weight: 1 }),
    "x-anything": printable(80),
  },
  { requiredKeys: [] },
);

/** A request the route would accept is not malformed: the generator must not spend stand-in replies. */
function isValidRequest(bytes: Uint8Array): boolean {
  try {
    parseChatRequest(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

const request = fc.record({ body: body.filter((bytes) => !isValidRequest(bytes)), headers });

test(`fuzz: ${REQUESTS} malformed requests get only 4xx JSON errors, and the server goes on serving`, async () => {
  test.setTimeout(60_000 + REQUESTS * 20);
  const statuses = new Map<number, number>();
  let sent = 0;
  const started = Date.now();
  console.log(`fuzz: seed ${SEED}, ${REQUESTS} requests, ${IN_FLIGHT} in flight`);

  const answersWithA4xxJsonError = fc.asyncProperty(request, async ({ body, headers }) => {
    const response = await fetch(`${appUrl("v1")}/api/chat`, { method: "POST", headers, body: body as Uint8Array<ArrayBuffer> });
    const text = await response.text();
    sent += 1;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    // node:assert rather than expect: Playwright records every expect as a step, too slow for thousands.
    assert.ok(response.status >= 400 && response.status < 500, `${response.status}: ${text}`);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    assert.deepEqual(Object.keys(json), ["error"], text);
    assert.deepEqual(Object.keys(json.error!).sort(), ["code", "message"], text);
    assert.match(String(json.error!.code), /^[a-z_]+$/, text);
    assert.ok(typeof json.error!.message === "string" && json.error!.message.length > 0, text);
    assert.ok(!text.includes(TEST_API_KEY), "the key leaked");
  });
  // IN_FLIGHT runs of the same property side by side, each from its own seed derived from SEED.
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, (_, lane) =>
      fc.assert(answersWithA4xxJsonError, { seed: SEED + lane, numRuns: Math.ceil(REQUESTS / IN_FLIGHT), endOnFailure: true }),
    ),
  );

  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  expect(sent).toBeGreaterThanOrEqual(REQUESTS);
  const after = await postChat("v1", ask("[[reply=echo delay=0]] still serving"));
  expect(await after.text()).toBe("still serving");
});
