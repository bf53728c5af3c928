import { expect, test } from "@playwright/test";
import { ask, postChat, sseEvents } from "./support/http";
import { appUrl, RATE_LIMITS } from "./support/servers";

const octet = () => Math.floor(Math.random() * 254) + 1;
/** A made-up visitor, as the trusted proxy in front of the app appends it: each test has its own counts. */
const viaProxy = () => ({ "X-Forwarded-For": `10.${octet()}.${octet()}.${octet()}` });

function postFeedback(visitor: Record<string, string>, body: unknown) {
  return fetch(`${appUrl("rated")}/api/feedback`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...visitor },
    body: JSON.stringify(body),
  });
}

/** One v2 turn; returns the status and the ids a reply's metadata carried. */
async function message(visitor: Record<string, string>, text: string) {
  const response = await postChat("rated", ask(`[[reply=echo delay=0]] ${text}`), { Accept: "text/event-stream", ...visitor });
  if (response.status !== 200) return { status: response.status, response };
  const metadata = Object.assign({}, ...sseEvents(await response.text()).map((e) => (e.messageMetadata as Record<string, string>) ?? {}));
  return { status: 200, response, conversationId: metadata.conversationId as string, messageId: metadata.messageId as string };
}

test.describe("feedback has its own rate limits", () => {
  test(`8 ratings, then messages up to the chat's ${RATE_LIMITS.ratedPerMinute} a minute, are all answered`, async () => {
    const visitor = viaProxy();
    const first = await message(visitor, "rate me");
    expect(first.status).toBe(200);
    const verdicts = ["positive", "negative", null, "positive", null, "negative", "positive", null];
    for (const feedback of verdicts) {
      const rated = await postFeedback(visitor, { conversationId: first.conversationId, messageId: first.messageId, feedback });
      expect(rated.status).toBe(200);
    }
    for (let sent = 1; sent < RATE_LIMITS.ratedPerMinute; sent++) expect((await message(visitor, `after ratings ${sent}`)).status).toBe(200);
    // The chat's own limit still holds.
    const over = await message(visitor, "one too many");
    expect(over.status).toBe(429);
  });

  test(`150 ratings in a row meet their own 429 after ${RATE_LIMITS.ratedFeedbackPerMinute}, and the visitor can still chat`, async () => {
    const visitor = viaProxy();
    const first = await message(visitor, "rate me often");
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 150; i++) {
      const response = await postFeedback(visitor, { conversationId: first.conversationId, messageId: first.messageId, feedback: i % 2 ? "positive" : null });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.body?.cancel();
    }
    expect(statuses.slice(0, RATE_LIMITS.ratedFeedbackPerMinute).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(RATE_LIMITS.ratedFeedbackPerMinute).every((status) => status === 429)).toBe(true);
    expect(refused!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await refused!.json()) as { error: unknown }).error).toEqual({
      code: "rate_limited",
      message: "You're rating replies too quickly. Please wait a little and try again.",
    });
    expect((await message(visitor, "still here")).status).toBe(200);
  });
});
