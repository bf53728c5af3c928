import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { conversationUserId, requestIdentity, userHashFor, verifiedUserId } from "./index.ts";

const SECRET = "test-identity-secret-0123456789abcdef";
/** What the owner's server would compute, written out with Node's crypto as the README's example does. */
const hashOf = (userId: string, secret = SECRET) => createHmac("sha256", secret).update(userId).digest("hex");

describe("verifiedUserId", () => {
  it("accepts the HMAC-SHA256 of the id in lowercase hex, and the same digits in upper case", () => {
    expect(userHashFor(SECRET, "u-42")).toBe(hashOf("u-42"));
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: hashOf("u-42") })).toBe("u-42");
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: hashOf("u-42").toUpperCase() })).toBe("u-42");
  });

  it("refuses a forged hash: another id's, another secret's, one digit changed", () => {
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: hashOf("u-43") })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: hashOf("u-42", "another-secret-0123456789") })).toBeNull();
    const good = hashOf("u-42");
    const flipped = `${good.slice(0, 63)}${good.endsWith("0") ? "1" : "0"}`;
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: flipped })).toBeNull();
  });

  it("refuses a hash of the wrong length, or one that is not hex", () => {
    const good = hashOf("u-42");
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: good.slice(0, 63) })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: `${good}0` })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: "" })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: `${good.slice(0, 62)}zz` })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42", userHash: Buffer.from(good, "hex").toString("base64") })).toBeNull();
  });

  it("refuses an id outside Chatbase's pattern even with its right hash: too long, empty, or other characters", () => {
    const long = "a".repeat(129);
    expect(verifiedUserId(SECRET, { userId: long, userHash: hashOf(long) })).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "a".repeat(128), userHash: hashOf("a".repeat(128)) })).toBe("a".repeat(128));
    expect(verifiedUserId(SECRET, { userId: "", userHash: hashOf("") })).toBeNull();
    for (const userId of ["u 42", "u/42", "ü-42", "u-42\n"]) expect(verifiedUserId(SECRET, { userId, userHash: hashOf(userId) })).toBeNull();
  });

  it("trusts nothing when identity is off or the claim is incomplete", () => {
    expect(verifiedUserId(undefined, { userId: "u-42", userHash: hashOf("u-42") })).toBeNull();
    expect(verifiedUserId(SECRET, undefined)).toBeNull();
    expect(verifiedUserId(SECRET, { userId: "u-42" })).toBeNull();
    expect(verifiedUserId(SECRET, { userHash: hashOf("u-42") })).toBeNull();
  });
});

describe("requestIdentity", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("says nothing to a request that claims nothing", () => {
    expect(requestIdentity(headers({}), SECRET)).toEqual({ userId: null, headers: {} });
  });

  it("tells the page whether its claim verified, and nothing else", () => {
    const good = requestIdentity(headers({ "X-Chatbase-User-Id": "u-42", "X-Chatbase-User-Hash": hashOf("u-42") }), SECRET);
    expect(good).toEqual({ userId: "u-42", headers: { "X-Chatbase-Identity": "verified" } });
    const forged = requestIdentity(headers({ "X-Chatbase-User-Id": "u-42", "X-Chatbase-User-Hash": hashOf("u-1") }), SECRET);
    expect(forged).toEqual({ userId: null, headers: { "X-Chatbase-Identity": "unverified" } });
    const off = requestIdentity(headers({ "X-Chatbase-User-Id": "u-42", "X-Chatbase-User-Hash": hashOf("u-42") }), undefined);
    expect(off).toEqual({ userId: null, headers: { "X-Chatbase-Identity": "unverified" } });
  });
});

describe("conversationUserId", () => {
  it("files a conversation under the verified id, else the page's anonymous id", () => {
    expect(conversationUserId("u-42", "v-abcdefghij0123456789", true)).toBe("u-42");
    expect(conversationUserId(null, "v-abcdefghij0123456789", true)).toBe("v-abcdefghij0123456789");
    expect(conversationUserId(null, undefined, true)).toBeUndefined();
  });

  it("with identity on, never passes on a visitor id that could be someone's account", () => {
    expect(conversationUserId(null, "u-42", true)).toBeUndefined();
    expect(conversationUserId(null, "v-short", true)).toBeUndefined();
    // Identity off: as before, any visitor id within Chatbase's pattern (the route's schema checks it).
    expect(conversationUserId(null, "visitor-1", false)).toBe("visitor-1");
  });
});
