import type { Metadata } from "next";
import { headers } from "next/headers";
import { ChatApp } from "@/components/chat";
import { I18nProvider } from "@/components/i18n-provider";
import { brandingWith } from "@/lib/config/branding";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { embedParent } from "@/lib/embed/check";
import { fill } from "@/lib/i18n/format";
import { THEME_SCRIPT } from "@/lib/theme";
import { requestLocale } from "../locale";

/** Read the configuration per request: the owner sets it at run time, not at build time. */
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { messages } = await requestLocale();
  const botName = serverBranding().branding.botName ?? messages.welcome.botName;
  // Only embed.js's frame shows it; search engines have the page itself.
  return { title: fill(messages.embed.title, { botName }), robots: { index: false } };
}

/** The chat in embed.js's frame on an owner's site (frame-ancestors: EMBED_ORIGINS, set in proxy.ts). */
export default async function Embed({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const config = serverConfig();
  const { language, messages } = await requestLocale();
  const { branding: owner } = serverBranding();
  const branding = brandingWith(owner, { botName: messages.welcome.botName, welcomeMessage: messages.welcome.message });
  const parentOrigin = embedParent((await searchParams).origin, config.guard.embedOrigins);
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <>
      {/* A frame on the owner's site gets no Lax cookie: its theme comes from its own storage, before it paints. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      <I18nProvider language={language} messages={messages}>
        <ChatApp demo={config.mode === "demo"} apiVersion={config.apiVersion} branding={branding} embed={{ parentOrigin, identity: config.identitySecret !== undefined }} />
      </I18nProvider>
    </>
  );
}
