// Server only: who a lead is filed as in the owner's Chatbase contacts.
import "server-only";

/**
 * The contact's `external_id`. Today the page's visitor id (`v-…`, kept in the visitor's browser); a verified
 * user id, once the page has one, takes its place here and nowhere else.
 */
export function contactExternalId(_request: Request, lead: { visitorId: string }): string {
  return lead.visitorId;
}
