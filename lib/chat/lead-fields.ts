// Browser and server: what a lead form's values must look like. The form checks them as the visitor sends, and
// /api/lead checks them again with the same rules, so the two never disagree.
import type { LeadField } from "../config/lead.ts";

export type { LeadField } from "../config/lead.ts";

export const MAX_NAME_CHARS = 100;
/** RFC 5321's limit on a whole address. */
export const MAX_EMAIL_CHARS = 254;
const MAX_PHONE_INPUT_CHARS = 32;

/**
 * A real address's shape: a local part, `@`, and a domain of dot-separated labels ending in a top-level name of
 * two letters or more (`ada@`, `ada@example` and `ada@@example.com` are refused). Quoted local parts and IP
 * literals, which no visitor types into a chat, are not accepted.
 */
const EMAIL = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

/** E.164: `+`, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** The spaces, dots, dashes and brackets people write numbers with, dropped: `+44 20 7946-0958` → `+442079460958`. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s().-]/g, "");
}

export type LeadValues = Partial<Record<LeadField, string>>;

/** Why a field's value is refused: nothing typed, or not the right shape. */
export type FieldProblem = "missing" | "invalid";

export function fieldProblem(field: LeadField, raw: string | undefined): FieldProblem | undefined {
  const value = raw?.trim() ?? "";
  if (value === "") return "missing";
  switch (field) {
    case "name":
      return value.length <= MAX_NAME_CHARS ? undefined : "invalid";
    case "email":
      return value.length <= MAX_EMAIL_CHARS && EMAIL.test(value) ? undefined : "invalid";
    case "phone":
      return value.length <= MAX_PHONE_INPUT_CHARS && E164.test(normalizePhone(value)) ? undefined : "invalid";
  }
}

/** Every asked field's problem, in the form's order (the first is where the focus goes). */
export function leadProblems(fields: readonly LeadField[], values: LeadValues): Partial<Record<LeadField, FieldProblem>> {
  const problems: Partial<Record<LeadField, FieldProblem>> = {};
  for (const field of fields) {
    const problem = fieldProblem(field, values[field]);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The values as they are sent and stored: trimmed, the phone number in E.164. */
export function cleanLead(fields: readonly LeadField[], values: LeadValues): LeadValues {
  const clean: LeadValues = {};
  for (const field of fields) {
    const value = values[field]?.trim() ?? "";
    clean[field] = field === "phone" ? normalizePhone(value) : value;
  }
  return clean;
}
