import { describe, expect, it } from "vitest";
import { PHASE_PRODUCTION_SERVER } from "next/constants.js";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS, createNonce, pageSecurityHeaders } from "./security-headers.ts";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("pageSecurityHeaders", () => {
  it("allows scripts only by this response's nonce, never eval in production, and no framing by default", () => {
    const headers = pageSecurityHeaders({ nonce: "abc123", frameAncestors: [], development: false });
    const csp = directives(headers["Content-Security-Policy"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-inline");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });

  it("lets the owner's sites frame the page, and then drops X-Frame-Options", () => {
    const headers = pageSecurityHeaders({ nonce: "n", frameAncestors: ["'self'", "https://shop.example"], development: false });
    expect(directives(headers["Content-Security-Policy"]).get("frame-ancestors")).toEqual(["'self'", "https://shop.example"]);
    expect(headers).not.toHaveProperty("X-Frame-Options");
  });

  it("lets images come from the owner's avatar host too, and from nowhere else", () => {
    const plain = directives(pageSecurityHeaders({ nonce: "n", frameAncestors: [], development: false })["Content-Security-Policy"]);
    expect(plain.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    const withAvatar = pageSecurityHeaders({ nonce: "n", frameAncestors: [], development: false, imageOrigins: ["https://cdn.example"] });
    expect(directives(withAvatar["Content-Security-Policy"]).get("img-src")).toEqual(["'self'", "data:", "blob:", "https://cdn.example"]);
  });

  it("adds unsafe-eval and inline styles only for next dev", () => {
    const dev = directives(pageSecurityHeaders({ nonce: "n", frameAncestors: [], development: true })["Content-Security-Policy"]);
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    const production = directives(pageSecurityHeaders({ nonce: "n", frameAncestors: [], development: false })["Content-Security-Policy"]);
    expect(production.get("style-src")).toEqual(["'self'", "'nonce-n'"]);
  });
});

describe("fixed headers", () => {
  it("API answers may load nothing and be framed by no one; every response gets nosniff and a referrer policy", () => {
    expect(API_SECURITY_HEADERS["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(COMMON_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(COMMON_SECURITY_HEADERS["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(COMMON_SECURITY_HEADERS["Permissions-Policy"]).toContain("camera=()");
  });
});

describe("createNonce", () => {
  it("is 128 random bits, different each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("next.config.js", () => {
  it("sends the common headers on every path and the API's deny-all policy on /api", async () => {
    const { default: configFor } = await import("../../next.config.js");
    const nextConfig = await configFor(PHASE_PRODUCTION_SERVER);
    const rules = await nextConfig.headers!();
    const asObject = (source: string) => Object.fromEntries(rules.find((rule) => rule.source === source)!.headers.map(({ key, value }) => [key, value]));
    expect(asObject("/:path*")).toEqual(COMMON_SECURITY_HEADERS);
    expect(asObject("/api/:path*")).toEqual(API_SECURITY_HEADERS);
    expect(nextConfig.poweredByHeader).toBe(false);
  });
});
