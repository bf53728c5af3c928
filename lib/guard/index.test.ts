import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../config/index.ts";
import { messageIn, type ApiError } from "../http/api-error.ts";
import { de } from "../i18n/catalogs/de.ts";
import { en } from "../i18n/catalogs/en.ts";
import { PEER_HEADER } from "./client-address.ts";
import { createGuard, type GuardedRoute } from "./index.ts";

const request = (headers: Record<string, string>) =>
  new Request("http://chat.example.com/api/chat", { method: "POST", headers: { host: "chat.example.com", ...headers } });
const from = (peer: string, extra: Record<string, string> = {}) => request({ [PEER_HEADER]: peer, "x-forwarded-for": peer, ...extra });

async function outcome(guard: ReturnType<typeof createGuard>, req: Request, route: GuardedRoute = "chat"): Promise<string> {
  try {
    await guard.check(req, route);
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("createGuard", () => {
  it("checks the origin before counting, so another site's requests do not use up a visitor's limit", async () => {
    const guard = createGuard(loadConfig({ RATE_LIMIT_PER_MINUTE: "1" }).guard);
    expect(await outcome(guard, from("192.0.2.1", { origin: "https://evil.example" }))).toBe("forbidden_origin");
    expect(await outcome(guard, from("192.0.2.1"))).toBe("ok");
    expect(await outcome(guard, from("192.0.2.1"))).toBe("rate_limited");
    expect(await outcome(guard, from("192.0.2.2"))).toBe("ok");
  });

  it("counts feedback apart from chat: thumbs clicks never use up a visitor's messages, nor messages their ratings", async () => {
    const guard = createGuard(loadConfig({ RATE_LIMIT_PER_MINUTE: "5", FEEDBACK_RATE_LIMIT_PER_MINUTE: "10" }).guard);
    for (let i = 0; i < 8; i++) expect(await outcome(guard, from("192.0.2.1"), "feedback")).toBe("ok");
    for (let i = 0; i < 5; i++) expect(await outcome(guard, from("192.0.2.1"), "chat")).toBe("ok");
    expect(await outcome(guard, from("192.0.2.1"), "chat")).toBe("rate_limited");
    expect(await outcome(guard, from("192.0.2.1"), "feedback")).toBe("ok");
    expect(await outcome(guard, from("192.0.2.1"), "feedback")).toBe("ok");
    expect(await outcome(guard, from("192.0.2.1"), "feedback")).toBe("rate_limited");
  });

  it("says a feedback 429 in words about ratings, in the visitor's language", async () => {
    const guard = createGuard(loadConfig({ FEEDBACK_RATE_LIMIT_PER_MINUTE: "1" }).guard);
    await guard.check(from("192.0.2.9"), "feedback");
    const refused = await guard.check(from("192.0.2.9"), "feedback").then(
      () => undefined,
      (error: unknown) => error as ApiError,
    );
    expect(refused).toMatchObject({ status: 429, code: "rate_limited", message: en.rateLimit.feedback });
    expect(refused?.headers["Retry-After"]).toMatch(/^\d+$/);
    expect(messageIn(refused!, { language: "de", messages: de })).toBe(de.rateLimit.feedback);
  });

  it("refuses a request it cannot place on its own, without spending anyone's count", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const guard = createGuard(loadConfig({ RATE_LIMIT_PER_MINUTE: "1" }).guard);
    const unplaced = request({ "x-forwarded-for": "192.0.2.1" });
    expect(await outcome(guard, unplaced)).toBe("internal_error");
    expect(await outcome(guard, request({}))).toBe("internal_error");
    expect(await outcome(guard, from("192.0.2.1"))).toBe("ok");
    expect(await outcome(guard, from("192.0.2.2"))).toBe("ok");
    expect(await outcome(guard, from("192.0.2.1"))).toBe("rate_limited");
  });

  it("with both limits at 0 counts nothing", async () => {
    const guard = createGuard(loadConfig({ RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_DAY: "0" }).guard);
    for (let i = 0; i < 50; i++) expect(await outcome(guard, from("192.0.2.1"))).toBe("ok");
  });
});
