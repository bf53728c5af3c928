import { ChatApp } from "@/components/chat";
import { serverBranding, serverConfig } from "@/lib/config/server";

/** Read the configuration per request: the owner sets it at run time, not at build time. */
export const dynamic = "force-dynamic";

export default function Home() {
  const config = serverConfig();
  return <ChatApp demo={config.mode === "demo"} apiVersion={config.apiVersion} branding={serverBranding().branding} />;
}
