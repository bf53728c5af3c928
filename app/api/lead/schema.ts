import { z } from "zod";
import { fieldProblem, cleanLead, type LeadValues } from "../../../lib/chat/lead-fields.ts";
import { LEAD_FIELDS, type LeadField } from "../../../lib/config/lead.ts";
import { ApiError } from "../../../lib/http/api-error.ts";
import { en } from "../../../lib/i18n/server.ts";
import { describeIssue, visitorIdSchema } from "../chat/schema.ts";

/** Three short fields and an id; anything larger is not a lead. */
export const MAX_LEAD_BODY_BYTES = 2 * 1024;

const text = z.string({ error: "must be a string" }).max(300, { error: "is too long" });

export const leadRequestSchema = z.strictObject({
  visitorId: visitorIdSchema,
  name: text.optional(),
  email: text.optional(),
  phone: text.optional(),
});

export interface LeadRequest {
  visitorId: string;
  /** Only the fields the form asks for (CHAT_LEAD_FIELDS), trimmed, the phone number in E.164. */
  values: LeadValues;
}

/** A refused field's answer: 400 with the field in its code (`invalid_email`), in the visitor's language. */
function fieldError(field: LeadField, problem: "missing" | "invalid"): ApiError {
  return new ApiError(400, `invalid_${field}`, `${field}: ${en.lead[problem][field]}`, {}, ({ messages }) => messages.lead[problem][field]);
}

/** Parses and checks a /api/lead body against the fields the form asks for; throws an ApiError that says what is wrong. */
export function parseLeadRequest(body: string, fields: readonly LeadField[]): LeadRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError(400, "invalid_json", en.apiErrors.invalid_json);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new ApiError(400, "invalid_request", `The request body must be a JSON object: { "visitorId", ${fields.map((field) => `"${field}"`).join(", ")} }.`);
  }
  const parsed = leadRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeIssue(parsed.error.issues[0]));
  const { visitorId, ...values } = parsed.data;
  for (const field of LEAD_FIELDS) {
    if (!fields.includes(field) && values[field] !== undefined) {
      throw new ApiError(400, "invalid_request", `${field} is not asked for here (CHAT_LEAD_FIELDS is ${fields.join(",")}).`);
    }
  }
  for (const field of fields) {
    const problem = fieldProblem(field, values[field]);
    if (problem) throw fieldError(field, problem);
  }
  return { visitorId, values: cleanLead(fields, values) };
}
