import type { ConfigProblem } from "./index.ts";

/** The details the lead form can ask for, in the order it shows them. */
export const LEAD_FIELDS = ["name", "email", "phone"] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/**
 * When the page asks a visitor for their details (CHAT_LEAD_FORM): never; before their first message (the
 * composer waits for the form); or offered once the visitor has sent `afterMessages` messages, and dismissable.
 */
export type LeadForm = { mode: "off" } | { mode: "before" } | { mode: "after"; afterMessages: number };

export interface LeadSettings {
  form: LeadForm;
  /** Each one shown is required. */
  fields: LeadField[];
}

export const DEFAULT_LEAD_FIELDS: LeadField[] = ["name", "email"];
export const MAX_LEAD_AFTER_MESSAGES = 20;

type Env = Record<string, string | undefined>;

function readLeadForm(env: Env, problems: ConfigProblem[]): LeadForm {
  const raw = env.CHAT_LEAD_FORM?.trim();
  if (!raw) return { mode: "off" };
  const value = raw.toLowerCase();
  if (value === "off" || value === "before") return { mode: value };
  const after = /^after:(\d{1,2})$/.exec(value);
  const count = after ? Number(after[1]) : 0;
  if (count >= 1 && count <= MAX_LEAD_AFTER_MESSAGES) return { mode: "after", afterMessages: count };
  problems.push({
    variable: "CHAT_LEAD_FORM",
    message: `CHAT_LEAD_FORM must be off, before, or after:N with N from 1 to ${MAX_LEAD_AFTER_MESSAGES} (got "${raw}"); using the default, off.`,
  });
  return { mode: "off" };
}

function readLeadFields(env: Env, problems: ConfigProblem[]): LeadField[] {
  const raw = env.CHAT_LEAD_FIELDS?.trim();
  if (!raw) return DEFAULT_LEAD_FIELDS;
  const entries = raw.split(/[\s,]+/).filter(Boolean).map((entry) => entry.toLowerCase());
  const valid = entries.length > 0 && entries.every((entry) => (LEAD_FIELDS as readonly string[]).includes(entry));
  if (valid) return LEAD_FIELDS.filter((field) => entries.includes(field));
  problems.push({
    variable: "CHAT_LEAD_FIELDS",
    message: `CHAT_LEAD_FIELDS must be a comma-separated list of ${LEAD_FIELDS.join(", ")} (got "${raw}"); using the default, ${DEFAULT_LEAD_FIELDS.join(",")}.`,
  });
  return DEFAULT_LEAD_FIELDS;
}

/** CHAT_LEAD_FORM and CHAT_LEAD_FIELDS; a bad value falls back to its default (the form off, name and email) and is named. */
export function readLeadSettings(env: Env, problems: ConfigProblem[]): LeadSettings {
  return { form: readLeadForm(env, problems), fields: readLeadFields(env, problems) };
}
