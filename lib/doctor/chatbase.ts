import type { ApiVersion, ChatbaseSettings } from "../config/index.ts";
import { ChatbaseError } from "../chatbase/errors.ts";
import { peekContacts } from "../chatbase/contacts.ts";
import { findChatbot, type ChatbotFound } from "../chatbase/reading.ts";
import { maskSecret, type CheckLine } from "./types.ts";

/**
 * What the doctor makes of lib/chatbase's credit-free reads (the same client the app uses): whether the key and
 * the chatbot id work together, under which API version, and, when the lead form is on, whether the key may
 * reach Chatbase's contacts. Chatbase's statuses as lib/chatbase maps them: 401 the key; 403 the plan; 404 the
 * id, or the id belongs to the other API version (the doctor then asks that one too).
 */
type Outcome = { ok: true; found: ChatbotFound } | { ok: false; error: ChatbaseError };

async function ask(settings: ChatbaseSettings): Promise<Outcome> {
  try {
    return { ok: true, found: await findChatbot(settings) };
  } catch (error) {
    if (error instanceof ChatbaseError) return { ok: false, error };
    throw error;
  }
}

/** Chatbase's own words (its code and message), kept short: lib/chatbase puts them after "Chatbase answered 404". */
function upstreamWords(error: ChatbaseError): string {
  const words = error.message.replace(/^Chatbase answered \d+ ?/, "").replace(/^\((\S+)\): /, "$1: ").replace(/^: /, "");
  return words ? ` (${words.slice(0, 160)})` : "";
}

const other = (version: ApiVersion): ApiVersion => (version === "v1" ? "v2" : "v1");

function found(settings: ChatbaseSettings, { name }: ChatbotFound): string {
  return name ? `Chatbot found: "${name}" (${settings.chatbotId}).` : `Chatbot ${settings.chatbotId} found.`;
}

function unreachable(settings: ChatbaseSettings, error: ChatbaseError): CheckLine[] {
  const reason = error.code === "upstream_timeout" ? `no answer within ${settings.timeoutMs / 1000} s` : error.message.replace(/^Could not reach Chatbase: /, "");
  return [
    {
      ok: false,
      text: `Could not reach Chatbase at ${settings.baseUrl}: ${reason}.`,
      fix: "Check CHATBASE_BASE_URL (remove it to use https://www.chatbase.co) and that this machine can reach it.",
    },
  ];
}

export async function chatbaseLines(settings: ChatbaseSettings): Promise<CheckLine[]> {
  const version = settings.apiVersion;
  const answer = await ask(settings);
  const keyAccepted: CheckLine = { ok: true, text: `Chatbase accepted the key (${maskSecret(settings.apiKey)}).` };
  if (answer.ok) {
    return [keyAccepted, { ok: true, text: found(settings, answer.found) }, { ok: true, text: `CHATBASE_API_VERSION=${version} matches the chatbot id.` }];
  }
  const { error } = answer;
  switch (error.code) {
    case "upstream_unreachable":
    case "upstream_timeout":
      return unreachable(settings, error);
    case "upstream_unauthorized":
      return [
        {
          ok: false,
          text: `Chatbase refused the key (${maskSecret(settings.apiKey)}): HTTP 401${upstreamWords(error)}.`,
          fix: "Set CHATBASE_API_KEY to a current secret key from Chatbase (Workspace settings → API keys); a deleted or mistyped key gets 401.",
        },
      ];
    case "upstream_forbidden":
    case "upstream_credits_exhausted":
      if (error.upstreamStatus !== 403) break;
      return [
        {
          ok: false,
          text: `Chatbase knows the key but denies access: HTTP 403${upstreamWords(error)}.`,
          fix: "Use a CHATBASE_API_KEY from a workspace whose plan includes API access, or upgrade the plan.",
        },
      ];
    case "upstream_not_found": {
      const elsewhere = await ask({ ...settings, apiVersion: other(version) });
      if (elsewhere.ok) {
        return [
          keyAccepted,
          { ok: true, text: found(settings, elsewhere.found) },
          {
            ok: false,
            text: `CHATBASE_API_VERSION is ${version}, but ${settings.chatbotId} is known to Chatbase's ${other(version)} API only.`,
            fix: `Set CHATBASE_API_VERSION=${other(version)}.`,
          },
        ];
      }
      return [
        keyAccepted,
        {
          ok: false,
          text: `Chatbase has no chatbot ${settings.chatbotId} for this key: HTTP 404${upstreamWords(error)}.`,
          fix: "Set CHATBASE_CHATBOT_ID to the id on the chatbot's Settings page, in the same workspace as the key.",
        },
      ];
    }
    case "rate_limited":
      return [
        {
          ok: false,
          text: `Chatbase is rate-limiting this key right now (HTTP 429${error.retryAfterSeconds !== undefined ? `, retry after ${error.retryAfterSeconds} s` : ""}).`,
          fix: "Wait a minute and run the doctor again; if the page is busy, Chatbase's limit is per key.",
        },
      ];
  }
  const status = error.upstreamStatus;
  return [
    {
      ok: false,
      text: `Chatbase answered HTTP ${status ?? "with an error"}${upstreamWords(error)}, so the key and chatbot could not be checked.`,
      fix: status === undefined || status >= 500 ? "Chatbase has a problem: try again later." : "Check CHATBASE_BASE_URL: it should be Chatbase itself (https://www.chatbase.co).",
    },
  ];
}

/** The lead form files visitors as contacts: the key must reach them (one contact read, no credit spent). */
export async function contactsLine(settings: ChatbaseSettings): Promise<CheckLine> {
  try {
    await peekContacts(settings);
    return { ok: true, text: "The key can reach Chatbase contacts, where the lead form files visitors' details." };
  } catch (error) {
    if (!(error instanceof ChatbaseError)) throw error;
    return {
      ok: false,
      text: `The key cannot reach Chatbase contacts (${error.upstreamStatus ? `HTTP ${error.upstreamStatus}` : error.code}${upstreamWords(error)}): the lead form could not file visitors' details.`,
      fix: "Use a CHATBASE_API_KEY whose workspace plan includes contacts, or set CHAT_LEAD_FORM=off.",
    };
  }
}
