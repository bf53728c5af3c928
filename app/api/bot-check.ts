// Server only: Vercel BotID's verdict on a request to a route that spends Chatbase credits. Beside the routes,
// not in lib/: botid/server reads Next.js's request headers.
import "server-only";
import { checkBotId } from "botid/server";
import type { BotProtection } from "@/lib/config";
import { ApiError } from "@/lib/http/api-error";
import { en } from "@/lib/i18n/server";

/** Throws 403 `bot_detected` when BotID takes the request for a bot; `simulate-*` use its documented development bypass. */
export async function refuseBots(mode: BotProtection): Promise<void> {
  if (mode === "off") return;
  const verdict = await checkBotId(
    mode === "on" ? undefined : { developmentOptions: { isDevelopment: true, bypass: mode === "simulate-bot" ? "BAD-BOT" : "HUMAN" } },
  );
  if (verdict.isBot) throw new ApiError(403, "bot_detected", en.apiErrors.bot_detected);
}
