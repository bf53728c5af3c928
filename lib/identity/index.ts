// Server only: checks a visitor's identity claim against CHATBASE_IDENTITY_SECRET. Every route that reads a
// claim (chat, feedback, history, and any later one) calls `verifiedUserId`; nothing else decides.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { IDENTITY_HEADER, USER_HASH, USER_HASH_HEADER, USER_ID, USER_ID_HEADER, type IdentityClaim, type IdentityVerdict } from "./claim.ts";

export { IDENTITY_HEADER, USER_HASH_HEADER, USER_ID_HEADER, type IdentityClaim, type IdentityVerdict } from "./claim.ts";

/** The hash the owner's server computes for `userId`: HMAC-SHA256 with the identity secret, lowercase hex. */
export function userHashFor(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

/**
 * The claim's user id when its hash is right, else null (never an error: a claim that fails is simply not
 * used). The id must fit Chatbase's pattern and the hash must be 64 hex digits before any HMAC is computed;
 * the comparison itself takes the same time wherever the digits differ.
 */
export function verifiedUserId(secret: string | undefined, claim: Partial<IdentityClaim> | undefined): string | null {
  if (!secret || !claim) return null;
  const { userId, userHash } = claim;
  if (typeof userId !== "string" || typeof userHash !== "string") return null;
  if (!USER_ID.test(userId) || !USER_HASH.test(userHash)) return null;
  const expected = Buffer.from(userHashFor(secret, userId), "utf8");
  const given = Buffer.from(userHash.toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** A request's claim (its two headers), or undefined when it makes none. */
export function claimFrom(headers: Headers): Partial<IdentityClaim> | undefined {
  const userId = headers.get(USER_ID_HEADER) ?? undefined;
  const userHash = headers.get(USER_HASH_HEADER) ?? undefined;
  return userId === undefined && userHash === undefined ? undefined : { userId, userHash };
}

/** Who a request is: the verified user id (or null), and the header that tells the page what became of its claim. */
export interface RequestIdentity {
  userId: string | null;
  /** Empty when the request made no claim. */
  headers: Record<string, string>;
}

export function requestIdentity(headers: Headers, secret: string | undefined): RequestIdentity {
  const claim = claimFrom(headers);
  if (!claim) return { userId: null, headers: {} };
  const userId = verifiedUserId(secret, claim);
  const verdict: IdentityVerdict = userId ? "verified" : "unverified";
  return { userId, headers: { [IDENTITY_HEADER]: verdict } };
}

/** The page's own anonymous visitor ids: `v-` and 20 lowercase letters or digits (lib/chat/visitor-id.ts). */
const ANONYMOUS_VISITOR_ID = /^v-[a-z0-9]{20}$/;

/**
 * The `userId` a new v2 conversation is filed under: the verified id when there is one; else the page's
 * anonymous visitor id. With identity on, a `visitorId` that is not of the anonymous kind is not passed on:
 * otherwise anyone could file conversations under a signed-in customer's id just by naming it.
 */
export function conversationUserId(verifiedId: string | null, visitorId: string | undefined, identityOn: boolean): string | undefined {
  if (verifiedId) return verifiedId;
  if (visitorId === undefined) return undefined;
  return !identityOn || ANONYMOUS_VISITOR_ID.test(visitorId) ? visitorId : undefined;
}
