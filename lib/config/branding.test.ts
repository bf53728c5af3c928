import { describe, expect, it } from "vitest";
import { DEFAULT_BRANDING, loadBranding, readableTextOn } from "./branding.ts";
import type { ConfigProblem } from "./index.ts";

describe("loadBranding", () => {
  it("has sensible defaults", () => {
    expect(loadBranding({})).toEqual(DEFAULT_BRANDING);
  });

  it("reads every setting", () => {
    expect(
      loadBranding({
        CHAT_BOT_NAME: "Acme Help",
        CHAT_WELCOME_MESSAGE: "Welcome to Acme!",
        CHAT_STARTER_PROMPTS: " Opening hours? | Where is my order? |Returns",
        CHAT_ACCENT_COLOR: "#FC0",
        CHAT_AVATAR_URL: "/acme.png",
      }),
    ).toEqual({
      botName: "Acme Help",
      welcomeMessage: "Welcome to Acme!",
      starterPrompts: ["Opening hours?", "Where is my order?", "Returns"],
      accentColor: "#ffcc00",
      accentTextColor: "#000000",
      avatarUrl: "/acme.png",
    });
  });

  it.each([
    ["CHAT_ACCENT_COLOR", "red"],
    ["CHAT_AVATAR_URL", "javascript:alert(1)"],
    ["CHAT_AVATAR_URL", "http://insecure.example/a.png"],
    ["CHAT_STARTER_PROMPTS", "a|b|c|d|e"],
    ["CHAT_BOT_NAME", "x".repeat(61)],
  ])("reports %s=%s as a problem naming the variable and keeps a safe value", (variable, value) => {
    const problems: ConfigProblem[] = [];
    const branding = loadBranding({ [variable]: value }, problems);
    expect(problems.map((p) => p.variable)).toEqual([variable]);
    expect(problems[0].message).toContain(variable);
    expect(branding.avatarUrl).toBeUndefined();
    expect(branding.starterPrompts.length).toBeLessThanOrEqual(4);
  });

  it("picks readable text for the accent", () => {
    expect(readableTextOn("#4f46e5")).toBe("#ffffff");
    expect(readableTextOn("#fde047")).toBe("#000000");
  });
});
