import { Analytics } from "@vercel/analytics/next";
import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import { THEME_SCRIPT } from "@/hooks/use-theme";
import { fill } from "@/lib/i18n/format";
import { serverBranding } from "@/lib/config/server";
import { requestLocale } from "./locale";
import "./globals.css";

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

/**
 * Geist, from the `geist` package, without the preload that package sets: on a slow phone network its 70 KB
 * took the bandwidth the stylesheet needed for the first paint. Text paints at once in the size-matched
 * fallback and takes Geist when it arrives.
 */
const geist = localFont({
  src: "../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
  preload: false,
});

/** Vercel serves the analytics script; elsewhere it would only 404. */
const onVercel = Boolean(process.env.VERCEL);

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { branding } = serverBranding();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const { language, dir } = await requestLocale();
  // The owner's colours as a stylesheet (with the nonce), not a style attribute, which the CSP does not allow.
  const accent = `:root{--accent:${branding.accentColor};--accent-contrast:${branding.accentTextColor}}`;
  return (
    <html lang={language} dir={dir} className={geist.variable} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: accent }} />
      </head>
      <body>
        {children}
        {onVercel && <Analytics />}
      </body>
    </html>
  );
}
