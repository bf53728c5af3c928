import { admit, apiRequest, failure, otherMethods, preflight } from "@/lib/chat/api-route";
import { contactExternalId } from "@/lib/chat/lead-contact";
import { addContact, demoFetch } from "@/lib/chatbase";
import { ApiError } from "@/lib/http/api-error";
import { assertJsonContentType } from "@/lib/http/content-type";
import { readBoundedText } from "@/lib/http/read-body";
import { en } from "@/lib/i18n/server";
import { refuseBots } from "../bot-check";
import { MAX_LEAD_BODY_BYTES, parseLeadRequest } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** One short call to Chatbase, bounded by CHATBASE_TIMEOUT_MS; the default leaves room for it. */
export const maxDuration = 60;

export const OPTIONS = preflight;
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST", "OPTIONS"]);

/**
 * A visitor's details from the lead form (CHAT_LEAD_FORM), filed with the chatbot as a Chatbase contact. In demo
 * mode the demo bot takes them and keeps nothing, and the answer says so (`delivered: false`).
 */
export async function POST(request: Request): Promise<Response> {
  const api = apiRequest(request);
  const { config } = api;
  // A signed-in visitor's claim was checked (apiRequest): its verdict is told, and only a verified id is filed.
  const cors = { ...api.cors, ...api.identity.headers };
  try {
    const settings = await admit(request, api, "lead");
    await refuseBots(config.guard.botProtection);
    if (config.lead.form.mode === "off") throw new ApiError(409, "lead_form_off", en.apiErrors.lead_form_off);
    assertJsonContentType(request);
    const lead = parseLeadRequest(await readBoundedText(request, MAX_LEAD_BODY_BYTES), config.lead.fields);
    const demo = config.mode === "demo";
    await addContact(settings, { externalId: contactExternalId(api.identity, lead), ...lead.values }, { signal: request.signal, fetch: demo ? demoFetch : undefined });
    return Response.json({ delivered: !demo }, { headers: { "Cache-Control": "no-store", ...cors } });
  } catch (error) {
    return failure(error, { ...api, cors });
  }
}
