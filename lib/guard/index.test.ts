import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/index.ts";
import { PEER_HEADER } from "./client-address.ts";
import { createGuard } from "./index.ts";

const request = (headers: Record<string, string>) =>
  new Request("http://chat.example.com/api/chat", { method: "POST", headers: { host: "chat.example.com", ...headers } });
const from = (peer: string, extra: Record<string, string> = {}) => request({ [PEER_HEADER]: peer, "x-forwarded-for": peer, ...extra });

async function outcome(guard: ReturnType<typeof createGuard>, req: Request): Promise<string> {
  try {
    await guard.check(req);
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

  it("with both limits at 0 counts nothing", async () => {
    const guard = createGuard(loadConfig({ RATE_LIMIT_PER_MINUTE: "0", RATE_LIMIT_PER_DAY: "0" }).guard);
    for (let i = 0; i < 50; i++) expect(await outcome(guard, from("192.0.2.1"))).toBe("ok");
  });
});
