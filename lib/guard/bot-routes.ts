// Browser and server: the routes Vercel BotID guards. The page's BotID client marks its requests to these
// (instrumentation-client.ts) and the routes check them (app/api/bot-check.ts); one list keeps the two in step.
export const BOT_PROTECTED_ROUTES = [
  { path: "/api/chat", method: "POST" },
  { path: "/api/feedback", method: "POST" },
  { path: "/api/lead", method: "POST" },
];

/** Set on `<html>` when the server checks BotID, so the page's client marks its requests only then. */
export const BOT_PROTECTION_ATTRIBUTE = "data-bot-protection";
