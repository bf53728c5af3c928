// Browser only: who the visitor says they are in embed.js's frame (the owner's page passed a user id and its
// hash), sent with every request to our API, and what the server made of it. The one place the claim is kept.
import "client-only";
import { IDENTITY_HEADER, USER_HASH_HEADER, USER_ID_HEADER, type IdentityClaim } from "../identity/claim.ts";

/**
 * `none`: no claim (anonymous). `pending`: a claim the server has not judged yet. `verified` / `unverified`:
 * its verdict. An unverified claim is still sent (the server ignores it each time), so nothing here has to
 * be trusted; the page only stops asking for history with it.
 */
export type IdentityStatus = "none" | "pending" | "verified" | "unverified";

export interface IdentitySnapshot {
  claim: IdentityClaim | null;
  status: IdentityStatus;
}

const NOT_VERIFIED =
  "Chatbase chat: the user hash given for this visitor did not verify (it must be HMAC-SHA256 of the user id with CHATBASE_IDENTITY_SECRET, in hex), so the visitor chats anonymously.";
const IDENTITY_OFF = "Chatbase chat: a user id was given, but identified visitors are off on this chat (CHATBASE_IDENTITY_SECRET is not set), so the visitor chats anonymously.";

/** No claim: what the server renders, and what the page has until the owner's page passes one. */
const ANONYMOUS: IdentitySnapshot = { claim: null, status: "none" };

export class VisitorIdentity {
  private snapshot: IdentitySnapshot = ANONYMOUS;
  private readonly listeners = new Set<() => void>();
  private warned = false;
  /** Whether the server checks claims at all (CHATBASE_IDENTITY_SECRET set); off, a claim is never sent. */
  enabled = false;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): IdentitySnapshot => this.snapshot;

  /**
   * The same object as the page's first snapshot: after hydration React compares the two, and a different one
   * (even an equal one) makes it render the whole page again, at once.
   */
  readonly getServerSnapshot = (): IdentitySnapshot => ANONYMOUS;

  /** A sign-in (or, with null, a sign-out) from the owner's page. */
  set(claim: IdentityClaim | null): void {
    const same = claim?.userId === this.snapshot.claim?.userId && claim?.userHash === this.snapshot.claim?.userHash;
    if (same) return;
    if (claim && !this.enabled) {
      this.warnOnce(IDENTITY_OFF);
      return this.update({ claim: null, status: "none" });
    }
    this.warned = false;
    this.update({ claim, status: claim ? "pending" : "none" });
  }

  /** The headers a request carries: the claim as the owner's page gave it, for the server to check. */
  headers(): Record<string, string> {
    const { claim } = this.snapshot;
    return claim ? { [USER_ID_HEADER]: claim.userId, [USER_HASH_HEADER]: claim.userHash } : {};
  }

  /** Reads the server's verdict off an answer to a request that carried `sent` (the claim at the time). */
  noteResponse(response: Response, sent: IdentityClaim | null = this.snapshot.claim): void {
    if (!sent || sent !== this.snapshot.claim) return;
    const verdict = response.headers.get(IDENTITY_HEADER);
    if (verdict === "verified" && this.snapshot.status !== "verified") this.update({ claim: sent, status: "verified" });
    if (verdict === "unverified") {
      this.warnOnce(NOT_VERIFIED);
      if (this.snapshot.status !== "unverified") this.update({ claim: sent, status: "unverified" });
    }
  }

  private warnOnce(text: string) {
    if (this.warned) return;
    this.warned = true;
    console.warn(text);
  }

  private update(next: IdentitySnapshot) {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

/** The page's one identity: the embed frame sets it, every request reads it. */
export const visitorIdentity = new VisitorIdentity();
