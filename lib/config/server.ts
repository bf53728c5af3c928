// Server only: the process environment, with the Chatbase key in it.
import "server-only";
import { loadBranding, type Branding } from "./branding.ts";
import { loadConfig, type AppConfig, type ConfigProblem } from "./index.ts";

let cached: { config: AppConfig; branding: Branding; brandingProblems: ConfigProblem[] } | undefined;

function load() {
  if (!cached) {
    const brandingProblems: ConfigProblem[] = [];
    cached = { config: loadConfig(process.env), branding: loadBranding(process.env, brandingProblems), brandingProblems };
  }
  return cached;
}

/** The process's configuration, read once: environment variables do not change while a server runs. */
export function serverConfig(): AppConfig {
  return load().config;
}

/** The owner's branding; a bad value falls back to the default and is named in the log. */
export function serverBranding(): { branding: Branding; problems: ConfigProblem[] } {
  const { branding, brandingProblems } = load();
  return { branding, problems: brandingProblems };
}
