/** Runs once when the server starts: a misconfiguration is named in the log before any visitor meets it. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverBranding, serverConfig } = await import("./lib/config/server");
  const config = serverConfig();
  if (!config.guard.onVercel) {
    // Self-hosted, the rate limit needs the TCP peer's address, which route handlers cannot see.
    const { installPeerAddressHook } = await import("./lib/guard/peer-address");
    installPeerAddressHook();
  }
  if (config.mode === "demo") {
    console.log("[config] No CHATBASE_API_KEY: answering with the built-in demo bot.");
  }
  for (const problem of config.problems) console.error(`[config] ${problem.message}`);
  for (const problem of serverBranding().problems) console.error(`[config] ${problem.message} Using the default instead.`);
}
