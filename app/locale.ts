import { headers } from "next/headers";
import { cache } from "react";
import { serverBranding } from "@/lib/config/server";
import { localeFor, type Locale } from "@/lib/i18n";

/** This request's language: CHAT_LANGUAGE, else the visitor's Accept-Language. Once per request, for the layout and the page. */
export const requestLocale = cache(async (): Promise<Locale> => {
  return localeFor(serverBranding().language, (await headers()).get("accept-language"));
});
