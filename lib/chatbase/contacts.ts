import type { ChatbaseSettings } from "../config/index.ts";
import { callChatbase, jsonBody, type CallOptions } from "./call.ts";
import { contactsUrl } from "./request.ts";

/** A visitor's details, filed with the chatbot as one of Chatbase's contacts. */
export interface Contact {
  /** Who the contact is in the owner's terms: the page's visitor id (or, later, a verified user id). */
  externalId: string;
  name?: string;
  email?: string;
  /** E.164. */
  phone?: string;
}

/**
 * Adds (or, for a known external id, updates) one contact: `POST /api/v1/chatbots/{id}/contacts` with
 * `{ users: [{ external_id, name, email, phonenumber }] }`. Only the fields given are sent. Any 2xx is taken as
 * accepted; Chatbase's answer is not needed.
 */
export async function addContact(settings: ChatbaseSettings, contact: Contact, options: CallOptions = {}): Promise<void> {
  const user = {
    external_id: contact.externalId,
    ...(contact.name !== undefined ? { name: contact.name } : {}),
    ...(contact.email !== undefined ? { email: contact.email } : {}),
    ...(contact.phone !== undefined ? { phonenumber: contact.phone } : {}),
  };
  const response = await callChatbase(settings, contactsUrl(settings), { method: "POST", body: { users: [user] }, what: "the contacts call" }, options);
  await response.body?.cancel().catch(() => undefined);
}

/**
 * Reads one contact (`GET …/contacts?limit=1`): spends no message credit, so `npm run doctor` uses it to tell
 * whether the key may reach contacts at all. Resolves with how many came back.
 */
export async function peekContacts(settings: ChatbaseSettings, options: CallOptions = {}): Promise<number> {
  const response = await callChatbase(settings, contactsUrl(settings, { limit: "1" }), { method: "GET", what: "the contacts read" }, options);
  const body = (await jsonBody(response)) as { data?: unknown } | undefined;
  return Array.isArray(body?.data) ? body.data.length : 0;
}
