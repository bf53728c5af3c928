import { ChatApp } from "@/components/chat";
import { I18nProvider } from "@/components/i18n-provider";
import { brandingWith } from "@/lib/config/branding";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { requestLocale } from "./locale";

/** Read the configuration per request: the owner sets it at run time, not at build time. */
export const dynamic = "force-dynamic";

export default async function Home() {
  const config = serverConfig();
  const { language, messages } = await requestLocale();
  const branding = brandingWith(serverBranding().branding, { botName: messages.welcome.botName, welcomeMessage: messages.welcome.message });
  return (
    <I18nProvider language={language} messages={messages}>
      <ChatApp demo={config.mode === "demo"} apiVersion={config.apiVersion} branding={branding} />
    </I18nProvider>
  );
}
