import { initBotId } from "botid/client/core";
import { BOT_PROTECTED_ROUTES, BOT_PROTECTION_ATTRIBUTE } from "./lib/guard/bot-routes";

// Vercel BotID, as its Next.js docs set it up (here, before the page's own code runs), and only when the server
// checks it (BOT_PROTECTION): it marks the page's requests to the protected routes as a browser's.
if (document.documentElement.hasAttribute(BOT_PROTECTION_ATTRIBUTE)) initBotId({ protect: BOT_PROTECTED_ROUTES });
