import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/api-error";
import { refuseBots } from "./bot-check";

beforeEach(() => {
  // BotID warns outside production that no page marked these requests: true here, and not what is tested.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe("refuseBots, through BotID's documented development bypass", () => {
  it("refuses a request BotID takes for a bot with 403 bot_detected", async () => {
    const refused = await refuseBots("simulate-bot").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403, code: "bot_detected" });
  });

  it("lets a request BotID takes for a person through", async () => {
    await expect(refuseBots("simulate-human")).resolves.toBeUndefined();
  });

  it("asks nothing when off, the self-hosted default", async () => {
    await expect(refuseBots("off")).resolves.toBeUndefined();
    expect(console.error).not.toHaveBeenCalled();
  });
});
