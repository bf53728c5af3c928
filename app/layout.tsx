import { Analytics } from "@vercel/analytics/next";
import { SpeedInsights } from "@vercel/speed-insights/next";
import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { EarlyIntentsScript, PageStylesheet } from "@/components/inline-html";
import { ANALYTICS_ATTRIBUTE } from "@/lib/chat/analytics-attribute";
import { fill } from "@/lib/i18n/format";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { BOT_PROTECTION_ATTRIBUTE } from "@/lib/guard/bot-routes";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { requestLocale } from "./locale";

export async function generateMetadata(): Promise<Metadata> {
  const { messages } = await requestLocale();
  const botName = serverBranding().branding.botName ?? messages.welcome.botName;
  return { title: botName, description: fill(messages.meta.description, { botName }) };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  viewportFit: "cover",
  // The on-screen keyboard shrinks the layout, so the composer stays above it.
  interactiveWidget: "resizes-content",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#111113" },
  ],
};

/** Tells the page's BotID client (instrumentation-client.ts) to mark its requests, when the server checks them. */
function botProtectionAttribute(): Record<string, string> {
  return serverConfig().guard.botProtection === "off" ? {} : { [BOT_PROTECTION_ATTRIBUTE]: "on" };
}

/** Vercel serves the analytics and Speed Insights scripts; elsewhere they would only 404. */
const onVercel = Boolean(process.env.VERCEL);
/** Tells the page's custom events (lib/chat/analytics.ts) that Web Analytics is there to take them. */
const analyticsAttribute: Record<string, string> = onVercel ? { [ANALYTICS_ATTRIBUTE]: "on" } : {};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { branding } = serverBranding();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const { language, dir, messages } = await requestLocale();
  // The visitor's chosen theme, from its cookie: rendered here, so no script has to run before the page paints.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  // The owner's colours as a stylesheet (with the nonce), not a style attribute, which the CSP does not allow.
  const accent = `:root{--accent:${branding.accentColor};--accent-contrast:${branding.accentTextColor}}`;
  return (
    <html lang={language} dir={dir} data-theme={theme} {...botProtectionAttribute()} {...analyticsAttribute} suppressHydrationWarning>
      <head>
        <PageStylesheet nonce={nonce} />
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: accent }} />
      </head>
      <body>
        {children}
        {/* After the page's content: what a visitor sends before the page's code has loaded is kept, not lost. */}
        <EarlyIntentsScript nonce={nonce} options={{ apiVersion: serverConfig().apiVersion, botProtection: serverConfig().guard.botProtection !== "off", labels: { you: messages.message.you, assistant: messages.message.assistant } }} />
        {onVercel && <Analytics />}
        {onVercel && <SpeedInsights />}
      </body>
    </html>
  );
}
