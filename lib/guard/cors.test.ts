import { describe, expect, it } from "vitest";
import { corsHeaders, preflightHeaders } from "./cors.ts";

const allowed = ["https://shop.example"];

describe("corsHeaders", () => {
  it("names an allowed origin and exposes the headers the page reads", () => {
    expect(corsHeaders("https://shop.example", allowed)).toEqual({
      "Access-Control-Allow-Origin": "https://shop.example",
      "Access-Control-Expose-Headers": "X-Conversation-Id, X-Reply-Id, Retry-After, X-Chatbase-Identity",
      Vary: "Origin",
    });
  });

  it("gives nothing to any other origin, or to a request without one", () => {
    expect(corsHeaders("https://evil.example", allowed)).toEqual({});
    expect(corsHeaders(null, allowed)).toEqual({});
    expect(corsHeaders("https://shop.example", [])).toEqual({});
  });
});

describe("preflightHeaders", () => {
  it("allows an allowed origin to POST JSON", () => {
    expect(preflightHeaders("https://shop.example", allowed)).toMatchObject({
      "Access-Control-Allow-Origin": "https://shop.example",
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "Content-Type, Accept, X-Visitor-Id, X-Chatbase-User-Id, X-Chatbase-User-Hash",
    });
  });

  it("allows nothing to another origin", () => {
    expect(preflightHeaders("https://evil.example", allowed)).toEqual({ Vary: "Origin" });
  });
});
