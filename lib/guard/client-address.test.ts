import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, rateLimitKey } from "./client-address.ts";

const selfHosted = (trustedProxyHops = 0) => ({ onVercel: false, trustedProxyHops });

/** Headers as the route sees them once the server hook appended the peer. */
function stamped(peer: string, sentForwardedFor?: string): Headers {
  return new Headers({
    [PEER_HEADER]: peer,
    "x-forwarded-for": sentForwardedFor ? `${sentForwardedFor}, ${peer}` : peer,
  });
}

describe("clientAddress, self-hosted", () => {
  it("uses the TCP peer and ignores a forged X-Forwarded-For", () => {
    expect(clientAddress(stamped("203.0.113.7"), selfHosted())).toBe("203.0.113.7");
    expect(clientAddress(stamped("203.0.113.7", "1.2.3.4"), selfHosted())).toBe("203.0.113.7");
    expect(clientAddress(stamped("203.0.113.7", "5.6.7.8, 9.9.9.9"), selfHosted())).toBe("203.0.113.7");
  });

  it("behind one trusted proxy, takes the address that proxy appended", () => {
    // The visitor forged 1.2.3.4; nginx appended the real 198.51.100.9; nginx itself is the peer.
    expect(clientAddress(stamped("10.0.0.2", "1.2.3.4, 198.51.100.9"), selfHosted(1))).toBe("198.51.100.9");
    expect(clientAddress(stamped("10.0.0.2", "198.51.100.9"), selfHosted(1))).toBe("198.51.100.9");
  });

  it("behind two trusted proxies, counts two hops from the right", () => {
    expect(clientAddress(stamped("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.1"), selfHosted(2))).toBe("198.51.100.9");
  });

  it("with fewer hops than configured, takes the leftmost", () => {
    expect(clientAddress(stamped("10.0.0.2"), selfHosted(3))).toBe("10.0.0.2");
  });

  it("cannot place a request the hook never saw, or whose trusted hop is not an address: no shared bucket", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }), selfHosted())).toBeUndefined();
    expect(clientAddress(stamped("10.0.0.2", "unknown"), selfHosted(1))).toBeUndefined();
    expect(clientAddress(stamped("unknown"), selfHosted())).toBeUndefined();
  });

  it("falls back to the peer when X-Forwarded-For does not end with it", () => {
    const headers = new Headers({ [PEER_HEADER]: "203.0.113.7", "x-forwarded-for": "1.2.3.4" });
    expect(clientAddress(headers, selfHosted(1))).toBe("203.0.113.7");
  });
});

describe("clientAddress, on Vercel", () => {
  const vercel = { onVercel: true, trustedProxyHops: 0 };
  it("uses the address Vercel's edge saw, through @vercel/functions' ipAddress()", () => {
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.8", "x-forwarded-for": "6.6.6.6" }), vercel)).toBe("203.0.113.8");
    expect(clientAddress(new Headers({ "x-real-ip": "2001:db8:1:2::9" }), vercel)).toBe("2001:db8:1:2::/64");
  });

  it("cannot place a request without it", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6" }), vercel)).toBeUndefined();
    expect(clientAddress(new Headers({ "x-real-ip": "unknown" }), vercel)).toBeUndefined();
  });
});

describe("rateLimitKey", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6", () => {
    expect(rateLimitKey("192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
  });

  it("groups IPv6 by /64, however it is written", () => {
    expect(rateLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("[2001:db8:1:2::9]")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("bounds what is not an address", () => {
    expect(rateLimitKey("x".repeat(500))).toHaveLength(64);
  });
});
