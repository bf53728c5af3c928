import { describe, expect, it } from "vitest";
import { en } from "../i18n/catalogs/en.ts";
import { fr } from "../i18n/catalogs/fr.ts";
import { plural } from "../i18n/format.ts";
import { visitorErrorMessage } from "./error-message.ts";

const answered = (body: unknown) => Object.assign(new Error("HTTP error"), { responseBody: typeof body === "string" ? body : JSON.stringify(body) });

describe("visitorErrorMessage", () => {
  it("shows the API's sentence when it is the page's own, with what it says about waiting", () => {
    const wait = plural("fr", fr.rateLimit.perMinute, 42);
    expect(visitorErrorMessage(answered({ error: { code: "rate_limited", message: wait } }), fr)).toBe(wait);
    expect(visitorErrorMessage(answered({ error: { code: "rate_limited", message: en.rateLimit.perDay } }), en)).toBe(en.rateLimit.perDay);
  });

  it("never shows another language: a known code gets the page's sentence for it", () => {
    expect(visitorErrorMessage(answered({ error: { code: "upstream_timeout", message: en.apiErrors.upstream_timeout } }), fr)).toBe(
      fr.apiErrors.upstream_timeout,
    );
    expect(visitorErrorMessage(answered({ error: { code: "invalid_request", message: "messages[0].role must be a string." } }), en)).toBe(
      en.apiErrors.invalid_request,
    );
  });

  it("falls back to a plain sentence for an unknown code or a body that is not ours", () => {
    expect(visitorErrorMessage(answered({ error: { code: "constructor", message: "Boom" } }), fr)).toBe(fr.errors.service);
    expect(visitorErrorMessage(answered("<html>Bad gateway</html>"), fr)).toBe(fr.errors.service);
  });

  it("keeps a broken reply's sentence from the server, and names a lost connection", () => {
    expect(visitorErrorMessage(new Error(fr.apiErrors.upstream_interrupted), fr)).toBe(fr.apiErrors.upstream_interrupted);
    expect(visitorErrorMessage(new Error(en.apiErrors.upstream_interrupted), fr)).toBe(fr.errors.unknown);
    expect(visitorErrorMessage(new TypeError("Failed to fetch"), fr)).toBe(fr.errors.connection);
  });
});
