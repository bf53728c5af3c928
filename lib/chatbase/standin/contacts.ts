/**
 * Chatbase's contacts endpoints (API v1, the same key for v1 and v2 chatbots), as its OpenAPI describes them:
 * `POST /api/v1/chatbots/{id}/contacts` with `{ users: [...] }` (1 to 1,000), which keeps only the documented
 * fields of each user and drops the rest, and `GET` of the same path, a page of what was stored. Errors in v1's
 * shape, `{ message }`: 400 a bad body, 401 the key, 404 the chatbot, 500 when a scenario asks for it. What was
 * stored is kept so that tests can assert it (`list()`, or `GET /__standin/contacts` on the test server).
 */
import { parseScenario } from "./scenario.ts";

export interface StoredContact {
  id: string;
  external_id: string;
  name?: string;
  email?: string;
  phonenumber?: string;
  stripe_accounts?: unknown;
  custom_attributes?: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

export interface ContactsOptions {
  apiKey?: string;
  chatbotId?: string;
  /** Obey `[[status=… once=…]]` directives written in a contact's name (the test server does). */
  scenarios?: boolean;
  /** Answer every contacts call with this status, as for a key whose plan has no contacts (403). */
  contactsStatus?: number;
}

const CONTACTS = /^\/api\/v1\/chatbots\/([^/]+)\/contacts$/;
const MAX_USERS = 1_000;
const KEPT = ["external_id", "name", "email", "phonenumber", "stripe_accounts", "custom_attributes"] as const;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Access denied",
  404: "Chatbot not found",
  429: "Too many requests",
  500: "Internal server error",
};

const fail = (status: number, message = MESSAGES[status] ?? `Error ${status}`) => json(status, { message });

export function createContacts(options: ContactsOptions) {
  const stored = new Map<string, StoredContact>();
  const onceSeen = new Set<string>();
  let nextId = 1;

  /** A user object with only the documented fields; undefined when it is not an object with an external id. */
  function keep(user: unknown): Omit<StoredContact, "id" | "created_at" | "updated_at"> | undefined {
    if (!user || typeof user !== "object" || Array.isArray(user)) return undefined;
    const record = user as Record<string, unknown>;
    if (typeof record.external_id !== "string" || record.external_id === "") return undefined;
    const kept: Record<string, unknown> = {};
    for (const field of KEPT) if (record[field] !== undefined) kept[field] = record[field];
    for (const field of ["name", "email", "phonenumber"] as const) {
      if (kept[field] !== undefined && typeof kept[field] !== "string") return undefined;
    }
    return kept as Omit<StoredContact, "id" | "created_at" | "updated_at">;
  }

  /** A failure a test asked for in a contact's name: `[[status=500 once=k]]`. */
  function scenarioStatus(users: unknown[]): number | undefined {
    if (!options.scenarios) return undefined;
    for (const user of users) {
      const name = (user as { name?: unknown })?.name;
      if (typeof name !== "string") continue;
      const scenario = parseScenario(name);
      if (scenario.status === undefined) continue;
      if (scenario.once !== undefined) {
        if (onceSeen.has(scenario.once)) continue;
        onceSeen.add(scenario.once);
      }
      return scenario.status;
    }
    return undefined;
  }

  async function add(request: Request): Promise<Response> {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return fail(400, "The body must be JSON.");
    }
    const users = (body as { users?: unknown })?.users;
    if (!Array.isArray(users) || users.length < 1 || users.length > MAX_USERS) {
      return fail(400, `users must be an array of 1 to ${MAX_USERS} contacts.`);
    }
    const failWith = scenarioStatus(users);
    if (failWith !== undefined) return fail(failWith);
    const kept = users.map(keep);
    if (kept.some((user) => user === undefined)) return fail(400, "Each user needs an external_id; name, email and phonenumber must be strings.");
    const now = Math.floor(Date.now() / 1000);
    const saved = kept.map((user) => {
      const previous = stored.get(user!.external_id);
      const contact: StoredContact = { ...previous, ...user!, id: previous?.id ?? `contact_${nextId++}`, created_at: previous?.created_at ?? now, updated_at: now };
      stored.set(contact.external_id, contact);
      return contact;
    });
    return json(200, { message: "Success", data: saved });
  }

  function page(url: URL): Response {
    const limit = Number(url.searchParams.get("limit") ?? "20");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(400, "limit must be a whole number from 1 to 100.");
    const data = [...stored.values()].slice(0, limit);
    return json(200, { data, total: stored.size });
  }

  return {
    /** The answer to a contacts request, or undefined when the request is for another endpoint. */
    async answer(request: Request): Promise<Response | undefined> {
      const url = new URL(request.url);
      const match = CONTACTS.exec(url.pathname);
      if (!match) return undefined;
      if (request.method !== "GET" && request.method !== "POST") return json(405, { message: "Method not allowed" });
      if (options.apiKey !== undefined && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) return fail(401);
      if (options.chatbotId !== undefined && decodeURIComponent(match[1]) !== options.chatbotId) return fail(404);
      if (options.contactsStatus !== undefined) return fail(options.contactsStatus);
      return request.method === "POST" ? add(request) : page(url);
    },
    list: (): StoredContact[] => [...stored.values()],
  };
}
