import { expect, test } from "@playwright/test";
import { ask, postChat, standinRequests, unique } from "./support/http";
import { appUrl } from "./support/servers";

test.describe("Vercel BotID (BOT_PROTECTION)", () => {
  test("a request BotID takes for a bot gets 403 bot_detected on each route that calls Chatbase, and reaches nothing upstream", async () => {
    const marker = unique("bot");
    const chat = await postChat("botBlocked", ask(`[[reply=echo delay=0]] ${marker}`));
    expect(chat.status).toBe(403);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe("bot_detected");
    const feedback = await fetch(`${appUrl("botBlocked")}/api/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "de" },
      body: JSON.stringify({ conversationId: "c1", messageId: marker, feedback: "positive" }),
    });
    expect(feedback.status).toBe(403);
    expect(((await feedback.json()) as { error: unknown }).error).toEqual({ code: "bot_detected", message: expect.stringContaining("automatisiert") });
    const lead = await fetch(`${appUrl("botBlocked")}/api/lead`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ visitorId: marker, name: "Ada", email: "ada@example.com" }),
    });
    expect(lead.status).toBe(403);
    expect(((await lead.json()) as { error: { code: string } }).error.code).toBe("bot_detected");
    expect(await standinRequests(marker)).toEqual([]);
  });

  test("the page tells its BotID client to mark requests when the server checks them, and not in the self-hosted default", async () => {
    const protectedPage = await (await fetch(appUrl("botBlocked"))).text();
    expect(protectedPage).toMatch(/<html[^>]* data-bot-protection="on"/);
    const selfHosted = await (await fetch(appUrl("v2"))).text();
    expect(selfHosted).not.toContain("data-bot-protection");
  });
});
