// Browser only: sends the lead form's values to our server, which files them with Chatbase.
import "client-only";
import { visitorIdentity } from "./identity.ts";
import type { LeadField, LeadValues } from "./lead-fields.ts";

export type LeadAnswer =
  | { ok: true; delivered: boolean }
  /** `field`: the server refused this field's value; `message` is its sentence, in the page's language. */
  | { ok: false; code: string; message?: string; field?: LeadField };

const FIELD_CODE = /^invalid_(name|email|phone)$/;

/** Posts the visitor's details to /api/lead; resolves with what the server said, never throws. */
export async function postLead(visitorId: string, values: LeadValues, fetchImpl: typeof fetch = fetch): Promise<LeadAnswer> {
  let response: Response;
  try {
    response = await fetchImpl("/api/lead", {
      method: "POST",
      // A signed-in visitor's claim: the server files the contact under their verified user id.
      headers: { "Content-Type": "application/json", ...visitorIdentity.headers() },
      body: JSON.stringify({ visitorId, ...values }),
    });
  } catch {
    return { ok: false, code: "network" };
  }
  const body = (await response.json().catch(() => undefined)) as { delivered?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  if (response.ok) return { ok: true, delivered: body?.delivered === true };
  const code = typeof body?.error?.code === "string" ? body.error.code : `http_${response.status}`;
  const message = typeof body?.error?.message === "string" ? body.error.message : undefined;
  const field = FIELD_CODE.exec(code)?.[1] as LeadField | undefined;
  return { ok: false, code, message, field };
}
