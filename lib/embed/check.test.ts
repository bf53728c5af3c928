import { describe, expect, it } from "vitest";
import { DEFAULT_BRANDING, brandingWith } from "../config/branding.ts";
import { CATALOGS } from "../i18n/catalogs/index.ts";
import { embedCheck, embedParent } from "./check.ts";

const branding = brandingWith(DEFAULT_BRANDING, { botName: "Acme", welcomeMessage: "Hi" });
const check = (origin: string | null, overrides: Partial<Parameters<typeof embedCheck>[0]> = {}) =>
  embedCheck({ origin, embedOrigins: ["https://shop.example"], branding, messages: CATALOGS.en, ...overrides });

describe("embedCheck", () => {
  it("allows exactly the listed origins", () => {
    expect(check("https://shop.example").allowed).toBe(true);
    expect(check("https://other.example").allowed).toBe(false);
    expect(check("https://shop.example.evil.example").allowed).toBe(false);
    expect(check(null).allowed).toBe(false);
    expect(check("https://shop.example", { embedOrigins: [] }).allowed).toBe(false);
  });

  it("names the launcher and the frame in the visitor's language", () => {
    expect(check("https://shop.example").text).toEqual({ open: "Open chat", close: "Close chat", title: "Acme chat" });
    expect(check("https://shop.example", { messages: CATALOGS.fr }).text.open).toBe(CATALOGS.fr.embed.open);
  });

  it("gives the owner's avatar, else the initial", () => {
    expect(check(null).initial).toBe("A");
    expect(check(null).avatarUrl).toBeUndefined();
    expect(check(null, { branding: { ...branding, avatarUrl: "/icon.svg" } }).avatarUrl).toBe("/icon.svg");
  });
});

describe("embedParent", () => {
  it("is the requested origin only when it is listed", () => {
    expect(embedParent("https://shop.example", ["https://shop.example"])).toBe("https://shop.example");
    expect(embedParent("https://evil.example", ["https://shop.example"])).toBeUndefined();
    expect(embedParent(["https://shop.example"], ["https://shop.example"])).toBeUndefined();
    expect(embedParent(undefined, ["https://shop.example"])).toBeUndefined();
  });
});
