import { expect, test } from "@playwright/test";
import { ChatbaseError, type ChatbaseErrorCode } from "../lib/chatbase/errors";
import { fillerText } from "../lib/chatbase/standin/reply";
import { unique } from "./support/http";
import { composer, errorAlert, lastReply, open } from "./support/page";
import { appUrl, type AppName } from "./support/servers";
/** The words the page must show for a failure: the catalogue's visitor message for its code. */
const wordsFor = (code: ChatbaseErrorCode) => new ChatbaseError(code, "").publicMessage;

interface Fault {
  name: string;
  app: AppName;
  directive: string;
  code: ChatbaseErrorCode;
  /** Before the reply starts: the HTTP status /api/chat answers. Mid-reply: undefined (the stream carries the error). */
  status?: number;
  /** Mid-reply: this many words arrive before the failure and must stay on the page. */
  partialWords?: number;
}

const WORDS = 40;
const FAULTS: Fault[] = [
  { name: "Chatbase 400", app: "v1", directive: "status=400", code: "upstream_bad_request", status: 502 },
  { name: "Chatbase 401", app: "v1", directive: "status=401", code: "upstream_unauthorized", status: 502 },
  { name: "Chatbase 402 (v2)", app: "v2", directive: "status=402", code: "upstream_credits_exhausted", status: 502 },
  { name: "Chatbase 403, credits used up (v1)", app: "v1", directive: "status=403", code: "upstream_credits_exhausted", status: 502 },
  { name: "Chatbase 403, no API access (v2)", app: "v2", directive: "status=403", code: "upstream_forbidden", status: 502 },
  { name: "Chatbase 404", app: "v1", directive: "status=404", code: "upstream_not_found", status: 502 },
  { name: "Chatbase 429", app: "v2", directive: "status=429 retryAfter=7", code: "rate_limited", status: 429 },
  { name: "Chatbase 500", app: "v1", directive: "status=500", code: "upstream_error", status: 502 },
  { name: "Chatbase 502 (v2)", app: "v2", directive: "status=502", code: "upstream_error", status: 502 },
  { name: "Chatbase 503", app: "v1", directive: "status=503", code: "upstream_error", status: 502 },
  { name: "no first byte in time", app: "v1", directive: "firstByteDelay=5000", code: "upstream_timeout", status: 504 },
  { name: "a stall mid-reply", app: "v1", directive: `stallAfter=6 words=${WORDS}`, code: "upstream_timeout", partialWords: 6 },
  { name: "a reset mid-reply", app: "v1", directive: `resetAfter=6 words=${WORDS}`, code: "upstream_interrupted", partialWords: 6 },
  { name: "an error event mid-reply (v2)", app: "v2", directive: `errorAfter=6 words=${WORDS}`, code: "upstream_error", partialWords: 6 },
  { name: "an unreachable Chatbase", app: "unreachable", directive: "", code: "upstream_unreachable", status: 502 },
];

for (const fault of FAULTS) {
  test(`fault: ${fault.name} shows "${wordsFor(fault.code)}", keeps what arrived, and the next message works`, async ({ page }) => {
    await open(page, fault.app);
    const answered = page.waitForResponse((response) => response.url().endsWith("/api/chat"));
    await composer(page).fill(`[[${fault.directive}]] ${unique("fault")}`);
    await composer(page).press("Enter");
    const response = await answered;

    if (fault.status !== undefined) {
      expect(response.status()).toBe(fault.status);
      expect(await response.json()).toEqual({ error: { code: fault.code, message: wordsFor(fault.code) } });
      if (fault.code === "rate_limited") expect(response.headers()["retry-after"]).toBe("7");
    } else {
      expect(response.status()).toBe(200);
    }
    await expect(errorAlert(page)).toContainText(wordsFor(fault.code));

    if (fault.partialWords !== undefined) {
      const partial = fillerText(WORDS).split(" ").slice(0, fault.partialWords).join(" ");
      await expect(lastReply(page)).toHaveText(new RegExp(`^${partial}\\s*$`));
      await expect(page.getByText("Interrupted: this reply is incomplete")).toBeVisible();
    }

    if (fault.app === "unreachable") {
      // Nothing to reach: the next message is still answered, with the same clear words.
      const again = page.waitForResponse((next) => next.url().endsWith("/api/chat"));
      await composer(page).fill("[[reply=echo delay=0]] the next message");
      await composer(page).press("Enter");
      expect((await again).status()).toBe(502);
      await expect(errorAlert(page)).toContainText(wordsFor(fault.code));
      return;
    }
    await composer(page).fill("[[reply=echo delay=0]] the next message");
    await composer(page).press("Enter");
    await expect(lastReply(page)).toHaveText("the next message");
    await expect(errorAlert(page)).toHaveCount(0);
    if (fault.partialWords !== undefined) await expect(page.getByText("Interrupted: this reply is incomplete")).toBeVisible();
  });
}

test("fault: the unreachable app goes on serving its page and health after failing", async () => {
  const health = await fetch(`${appUrl("unreachable")}/api/health`);
  expect(health.status).toBe(200);
  expect((await fetch(appUrl("unreachable"))).status).toBe(200);
});
