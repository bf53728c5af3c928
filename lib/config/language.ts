import type { LanguageSetting } from "../i18n/index.ts";
import { LANGUAGES } from "../i18n/languages.ts";
import type { ConfigProblem } from "./index.ts";

type Env = Record<string, string | undefined>;

/** CHAT_LANGUAGE: `auto` (the default) or one built-in language for every visitor; a bad value is named and `auto` used. */
export function loadLanguageSetting(env: Env, problems: ConfigProblem[] = []): LanguageSetting {
  const raw = env.CHAT_LANGUAGE?.trim();
  if (!raw || raw.toLowerCase() === "auto") return "auto";
  const language = LANGUAGES.find((code) => code.toLowerCase() === raw.toLowerCase().replace(/_/g, "-"));
  if (language) return language;
  problems.push({
    variable: "CHAT_LANGUAGE",
    message: `CHAT_LANGUAGE must be "auto" or one of ${LANGUAGES.join(", ")} (got "${raw}").`,
  });
  return "auto";
}
