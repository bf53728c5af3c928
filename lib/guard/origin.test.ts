import { describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error.ts";
import { assertAllowedOrigin } from "./origin.ts";

function verdict(headers: Record<string, string>, allowed: string[] = []): string {
  try {
    assertAllowedOrigin(new Headers({ host: "chat.example.com", ...headers }), allowed);
    return "allowed";
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: "forbidden_origin" });
    return "forbidden";
  }
}

describe("assertAllowedOrigin", () => {
  it("lets the page's own same-origin fetch through", () => {
    expect(verdict({ origin: "https://chat.example.com", "sec-fetch-site": "same-origin" })).toBe("allowed");
  });

  it("lets requests without browser headers through (curl, servers, Chatbase's Node example)", () => {
    expect(verdict({})).toBe("allowed");
    expect(verdict({ "sec-fetch-site": "none" })).toBe("allowed");
  });

  it("refuses another site's page", () => {
    expect(verdict({ origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe("forbidden");
    expect(verdict({ origin: "https://evil.example" })).toBe("forbidden");
    expect(verdict({ "sec-fetch-site": "cross-site" })).toBe("forbidden");
  });

  it("refuses a sibling subdomain unless the owner allows it", () => {
    const sibling = { origin: "https://blog.example.com", "sec-fetch-site": "same-site" };
    expect(verdict(sibling)).toBe("forbidden");
    expect(verdict({ "sec-fetch-site": "same-site" })).toBe("forbidden");
    expect(verdict(sibling, ["https://blog.example.com"])).toBe("allowed");
  });

  it("lets an allowed embedding site through, and only that one", () => {
    const allowed = ["https://shop.example"];
    expect(verdict({ origin: "https://shop.example", "sec-fetch-site": "cross-site" }, allowed)).toBe("allowed");
    expect(verdict({ origin: "https://shop.example.evil", "sec-fetch-site": "cross-site" }, allowed)).toBe("forbidden");
    expect(verdict({ origin: "http://shop.example", "sec-fetch-site": "cross-site" }, allowed)).toBe("forbidden");
  });

  it("refuses opaque and malformed origins", () => {
    expect(verdict({ origin: "null" })).toBe("forbidden");
    expect(verdict({ origin: "chat.example.com" })).toBe("forbidden");
    expect(verdict({ origin: "file://chat.example.com" })).toBe("forbidden");
  });

  it("compares the port too", () => {
    expect(verdict({ origin: "https://chat.example.com:8443" })).toBe("forbidden");
  });

  it("uses the host a proxy forwarded, where the browser's Host was rewritten", () => {
    const headers = { host: "127.0.0.1:3000", "x-forwarded-host": "chat.example.com", origin: "https://chat.example.com" };
    expect(verdict(headers)).toBe("allowed");
  });

  it("refuses when there is no Host to compare with", () => {
    expect(() => assertAllowedOrigin(new Headers({ origin: "https://a.example" }), [])).toThrow(ApiError);
  });
});
