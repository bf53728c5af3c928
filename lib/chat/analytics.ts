// Browser only: the custom events the owner sees in Vercel Web Analytics. Each carries only a fixed name and a
// few fixed-vocabulary properties (never a message's text, a visitor's details, or an id); `@vercel/analytics`
// loads on the first event, not with the page, and only where the layout marked the page as on Vercel.
import "client-only";
import { ANALYTICS_ATTRIBUTE } from "./analytics-attribute.ts";

/** Where the event happened: the chat page itself, or embed.js's frame on an owner's site. */
type Surface = "page" | "embed";
type Properties = Record<string, string | number | boolean>;

export type AnalyticsEvent =
  | { name: "message_sent"; properties: { surface: Surface } }
  | { name: "reply_failed"; properties: { surface: Surface; code: string } }
  | { name: "feedback_given"; properties: { surface: Surface; feedback: "positive" | "negative" | "cleared" } }
  | { name: "lead_sent"; properties: { surface: Surface; fields: number; delivered: boolean } }
  | { name: "embed_opened"; properties: { surface: "embed" } };

/** Our API's codes are short snake_case words; anything else (a proxy's page, say) is reported as `other`. */
const API_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export function surfaceOf(pathname: string): Surface {
  return pathname === "/embed" ? "embed" : "page";
}

export const events = {
  messageSent: (surface: Surface): AnalyticsEvent => ({ name: "message_sent", properties: { surface } }),
  /** `code`: our API's error code, `network` when no answer came; never the error's words. */
  replyFailed: (surface: Surface, code: string | undefined): AnalyticsEvent => ({
    name: "reply_failed",
    properties: { surface, code: code === undefined ? "network" : API_CODE.test(code) ? code : "other" },
  }),
  feedbackGiven: (surface: Surface, feedback: "positive" | "negative" | null): AnalyticsEvent => ({
    name: "feedback_given",
    properties: { surface, feedback: feedback ?? "cleared" },
  }),
  /** How many fields the form asked for, and whether they went to Chatbase (not in demo mode): never their values. */
  leadSent: (surface: Surface, fields: number, delivered: boolean): AnalyticsEvent => ({ name: "lead_sent", properties: { surface, fields, delivered } }),
  embedOpened: (): AnalyticsEvent => ({ name: "embed_opened", properties: { surface: "embed" } }),
};

type Track = (name: string, properties: Properties) => void;

/** A tracker that loads `track` on first use; events before the page is known to be on Vercel go nowhere. */
export function createTracker(enabled: () => boolean, load: () => Promise<Track>) {
  let loaded: Promise<Track> | undefined;
  return (event: AnalyticsEvent): void => {
    if (!enabled()) return;
    loaded ??= load();
    void loaded.then((track) => track(event.name, event.properties)).catch(() => undefined);
  };
}

/** The page's tracker: on only when the layout set `data-analytics` (deployed on Vercel, where the script is served). */
export const trackEvent = createTracker(
  () => typeof document !== "undefined" && document.documentElement.hasAttribute(ANALYTICS_ATTRIBUTE),
  () => import("@vercel/analytics").then((module) => module.track as Track),
);

/** Where the current page is, for an event's `surface`. */
export function currentSurface(): Surface {
  return typeof location === "undefined" ? "page" : surfaceOf(location.pathname);
}
