// Server only: what the API routes do alike around their own work (most of it for the two that call Chatbase,
// /api/chat and /api/feedback).
import "server-only";
import { chatbaseSettings, type AppConfig, type ChatbaseSettings } from "../config/index.ts";
import { serverBranding, serverConfig } from "../config/server.ts";
import { corsHeaders, preflightHeaders } from "../guard/cors.ts";
import type { GuardedRoute } from "../guard/index.ts";
import { assertAllowedOrigin } from "../guard/origin.ts";
import { serverGuard } from "../guard/server.ts";
import { ApiError, errorResponse, methodNotAllowed } from "../http/api-error.ts";
import { en, serverLocaleFor, type ServerLocale } from "../i18n/server.ts";
import { requestIdentity, type RequestIdentity } from "../identity/index.ts";
import { toApiError } from "./api-error.ts";

/** A browser's preflight for a route taking `methods`: only the origins in ALLOWED_ORIGINS are told they may call it. */
export function preflightFor(methods: string) {
  return (request: Request): Response =>
    new Response(null, { status: 204, headers: preflightHeaders(request.headers.get("origin"), serverConfig().guard.allowedOrigins, methods) });
}

export const preflight = preflightFor("POST");

export interface ApiRequest {
  config: AppConfig;
  /** The CORS headers every answer to this request carries. */
  cors: Record<string, string>;
  /**
   * The same choice as the page's: a visitor reads errors in the language the page is in. Chosen when first
   * read: matching `Accept-Language` costs more than the rest of this, and a reply that goes well never needs it.
   */
  readonly locale: ServerLocale;
  /** Who the visitor is, when they claim an id: the verified id or null, and the verdict every answer carries. */
  identity: RequestIdentity;
  /** What no log line may hold: the key, the identity secret, the visitor's verified user id. */
  secrets: (string | undefined)[];
}

export function apiRequest(request: Request): ApiRequest {
  const config = serverConfig();
  const identity = requestIdentity(request.headers, config.identitySecret);
  let locale: ServerLocale | undefined;
  return {
    config,
    cors: corsHeaders(request.headers.get("origin"), config.guard.allowedOrigins),
    get locale() {
      locale ??= serverLocaleFor(serverBranding().language, request.headers.get("accept-language"));
      return locale;
    },
    identity,
    // Only a verified id is ever sent to Chatbase, so only it could come back in an upstream message.
    secrets: [config.apiKey, config.identitySecret, identity.userId ?? undefined],
  };
}

/** Runs the guard (origin, rate limits), then hands over how to reach Chatbase, or refuses with 503 when it is not set up. */
export async function admit(request: Request, { config }: ApiRequest, route: GuardedRoute): Promise<ChatbaseSettings> {
  await serverGuard().check(request, route);
  const settings = chatbaseSettings(config);
  if (!settings) throw new ApiError(503, "not_configured", en.apiErrors.not_configured);
  return settings;
}

/**
 * The origin check alone, for a route that spends nothing of the owner's (a held reply, its stop): no rate
 * to count, so picking a reply up again after a dropped connection never uses up the visitor's messages.
 */
export function guard(request: Request, { config }: ApiRequest): void {
  assertAllowedOrigin(request.headers, config.guard.allowedOrigins);
}

/** Any failure before the answer started, as our JSON error in the visitor's language; the key never in it or the log. */
export function failure(error: unknown, { cors, locale, identity, secrets }: ApiRequest): Response {
  return errorResponse(toApiError(error, secrets), { ...cors, ...identity.headers }, locale);
}

/**
 * Handlers for the methods a route does not take (`allow` lists those it does): each answers our JSON 405 with
 * `Allow`, in the visitor's language, where Next.js would answer an empty 405.
 */
export function otherMethods(allow: readonly string[]) {
  const refuse = (request: Request): Response => {
    const { cors, locale } = apiRequest(request);
    return methodNotAllowed(allow, locale, cors);
  };
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
