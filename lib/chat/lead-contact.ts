// Server only: who a lead is filed as in the owner's Chatbase contacts.
import "server-only";

/**
 * The contact's `external_id`: the visitor's verified user id when the owner's site signed them in (see
 * lib/identity: a claim that did not verify is never used), else the page's visitor id (`v-…`, kept in the
 * visitor's browser).
 */
export function contactExternalId(identity: { userId: string | null }, lead: { visitorId: string }): string {
  return identity.userId ?? lead.visitorId;
}
