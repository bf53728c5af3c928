// Browser and server: how a visitor's identity claim travels from the chat page to its API, in one place so the
// two sides never disagree. No crypto here: the browser bundle imports it.

/**
 * Request headers, not a body field: the history routes are GETs (no body), the chat and feedback bodies keep
 * their strict schemas, and a header never ends up in a URL, a referrer or an access log's request line.
 */
export const USER_ID_HEADER = "X-Chatbase-User-Id";
export const USER_HASH_HEADER = "X-Chatbase-User-Hash";

/**
 * The server's verdict on a claim, on the answer to every request that made one: `verified`, or `unverified`
 * (the hash did not match, the id or hash is malformed, or identity is off). It says nothing more, so it helps
 * no one guess a hash.
 */
export const IDENTITY_HEADER = "X-Chatbase-Identity";
export type IdentityVerdict = "verified" | "unverified";

/** Chatbase's pattern for a v2 user id (and a contact's external_id). */
export const USER_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** HMAC-SHA256 as hex. */
export const USER_HASH = /^[0-9a-fA-F]{64}$/;

/** What the owner's page passed to embed.js: a user id and the hash its server computed. */
export interface IdentityClaim {
  userId: string;
  userHash: string;
}

/** A claim that has the right shape (the server still checks the hash); anything else is no claim. */
export function claimOf(value: unknown): IdentityClaim | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { userId, userHash } = value as Record<string, unknown>;
  if (typeof userId !== "string" || typeof userHash !== "string") return undefined;
  return { userId, userHash };
}
