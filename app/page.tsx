import { ChatApp } from "@/components/chat";
import { I18nProvider } from "@/components/i18n-provider";
import { SetupBanner } from "@/components/setup-banner";
import { brandingWith } from "@/lib/config/branding";
import { setupProblemsToShow } from "@/lib/config/fixes";
import { serverBranding, serverConfig } from "@/lib/config/server";
import { requestLocale } from "./locale";

/** Read the configuration per request: the owner sets it at run time, not at build time. */
export const dynamic = "force-dynamic";

export default async function Home() {
  const config = serverConfig();
  const { language, messages } = await requestLocale();
  const { branding: owner, problems: brandingProblems } = serverBranding();
  const branding = brandingWith(owner, { botName: messages.welcome.botName, welcomeMessage: messages.welcome.message });
  // Only under `next dev`: the owner's view of what is misconfigured (English, like the server log).
  const setupProblems = setupProblemsToShow(process.env.NODE_ENV, [...config.problems, ...brandingProblems]);
  return (
    <>
      <SetupBanner problems={setupProblems} />
      <I18nProvider language={language} messages={messages}>
        <ChatApp demo={config.mode === "demo"} apiVersion={config.apiVersion} branding={branding} lead={config.lead} />
      </I18nProvider>
    </>
  );
}
