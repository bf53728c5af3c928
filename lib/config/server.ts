// Server only: the process environment, with the Chatbase key in it.
import "server-only";
import type { LanguageSetting } from "../i18n/index.ts";
import { loadBranding, type OwnerBranding } from "./branding.ts";
import { loadConfig, type AppConfig, type ConfigProblem } from "./index.ts";
import { loadLanguageSetting } from "./language.ts";

let cached: { config: AppConfig; branding: OwnerBranding; language: LanguageSetting; brandingProblems: ConfigProblem[] } | undefined;

function load() {
  if (!cached) {
    const brandingProblems: ConfigProblem[] = [];
    cached = {
      config: loadConfig(process.env),
      branding: loadBranding(process.env, brandingProblems),
      language: loadLanguageSetting(process.env, brandingProblems),
      brandingProblems,
    };
  }
  return cached;
}

/** The process's configuration, read once: environment variables do not change while a server runs. */
export function serverConfig(): AppConfig {
  return load().config;
}

/** The owner's branding and page language; a bad value falls back to the default and is named in the log. */
export function serverBranding(): { branding: OwnerBranding; language: LanguageSetting; problems: ConfigProblem[] } {
  const { branding, language, brandingProblems } = load();
  return { branding, language, problems: brandingProblems };
}
