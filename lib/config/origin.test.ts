import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalOrigin, originListed } from "./origin.ts";

describe("canonicalOrigin", () => {
  it.each([
    ["https://Shop.EXAMPLE", "https://shop.example"],
    ["HTTPS://shop.example/", "https://shop.example"],
    ["https://shop.example:443", "https://shop.example"],
    ["http://shop.example:80/", "http://shop.example"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["https://xn--bcher-kva.example", "https://xn--bcher-kva.example"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
  ])("reads %j as %j, as a browser would send it", (value, origin) => {
    expect(canonicalOrigin(value)).toBe(origin);
  });

  it.each(["not-an-origin", "shop.example", "https://shop.example/path", "https://shop.example?x=1", "https://shop.example#top", "https://user:pw@shop.example", "ftp://shop.example", "javascript:alert(1)", "https://", "null"])(
    "refuses %j",
    (value) => {
      expect(canonicalOrigin(value)).toBeUndefined();
    },
  );

  it("is idempotent: a canonical origin reads as itself", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: false, withFragments: false }), (url) => {
        const origin = canonicalOrigin(new URL(url).origin);
        if (origin !== undefined) expect(canonicalOrigin(origin)).toBe(origin);
      }),
    );
  });
});

describe("originListed", () => {
  it("matches the browser's header against the owner's list, ignoring case and default ports", () => {
    const list = ["https://shop.example"];
    expect(originListed("https://shop.example", list)).toBe(true);
    expect(originListed("https://SHOP.example:443", list)).toBe(true);
    expect(originListed("https://shop.example.evil", list)).toBe(false);
    expect(originListed("http://shop.example", list)).toBe(false);
    expect(originListed("null", list)).toBe(false);
    expect(originListed(null, list)).toBe(false);
  });
});
