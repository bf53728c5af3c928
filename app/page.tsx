import { ChatApp } from "@/components/chat";
import { SetupBanner } from "@/components/setup-banner";
import { setupProblemsToShow } from "@/lib/config/fixes";
import { serverBranding, serverConfig } from "@/lib/config/server";

/** Read the configuration per request: the owner sets it at run time, not at build time. */
export const dynamic = "force-dynamic";

export default function Home() {
  const config = serverConfig();
  const { branding, problems: brandingProblems } = serverBranding();
  const setupProblems = setupProblemsToShow(process.env.NODE_ENV, [...config.problems, ...brandingProblems]);
  return (
    <>
      <SetupBanner problems={setupProblems} />
      <ChatApp demo={config.mode === "demo"} apiVersion={config.apiVersion} branding={branding} />
    </>
  );
}
