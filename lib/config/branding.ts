import type { ConfigProblem } from "./index.ts";

/** What the visitor sees of the owner's brand, from environment variables (documented in the README). */
export interface Branding {
  botName: string;
  welcomeMessage: string;
  starterPrompts: string[];
  /** `#rrggbb`. */
  accentColor: string;
  /** Black or white, whichever reads better on the accent colour. */
  accentTextColor: string;
  /** An https URL or a path under `public/`; none: the bot's initial. */
  avatarUrl?: string;
}

/** What the owner set. Left unset, the bot's name and welcome are the defaults in the visitor's language. */
export type OwnerBranding = Omit<Branding, "botName" | "welcomeMessage"> & Partial<Pick<Branding, "botName" | "welcomeMessage">>;

export const DEFAULT_BRANDING: OwnerBranding = {
  starterPrompts: [],
  accentColor: "#4f46e5",
  accentTextColor: "#ffffff",
};

const MAX_PROMPTS = 4;
const MAX_PROMPT_CHARS = 120;
const MAX_NAME_CHARS = 60;
const MAX_WELCOME_CHARS = 500;

type Env = Record<string, string | undefined>;

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast: the text colour with the higher ratio against the accent. */
export function readableTextOn(hex: string): string {
  const l = luminance(hex);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return onWhite >= onBlack ? "#ffffff" : "#000000";
}

/** The owner's branding completed with one language's default name and welcome. */
export function brandingWith(owner: OwnerBranding, defaults: Pick<Branding, "botName" | "welcomeMessage">): Branding {
  return { ...owner, botName: owner.botName ?? defaults.botName, welcomeMessage: owner.welcomeMessage ?? defaults.welcomeMessage };
}

export function loadBranding(env: Env, problems: ConfigProblem[] = []): OwnerBranding {
  const read = (name: string) => env[name]?.trim() || undefined;
  const branding: OwnerBranding = { ...DEFAULT_BRANDING };

  const name = read("CHAT_BOT_NAME");
  if (name) {
    if (name.length <= MAX_NAME_CHARS) branding.botName = name;
    else problems.push({ variable: "CHAT_BOT_NAME", message: `CHAT_BOT_NAME must be at most ${MAX_NAME_CHARS} characters.` });
  }

  const welcome = read("CHAT_WELCOME_MESSAGE");
  if (welcome) {
    if (welcome.length <= MAX_WELCOME_CHARS) branding.welcomeMessage = welcome;
    else problems.push({ variable: "CHAT_WELCOME_MESSAGE", message: `CHAT_WELCOME_MESSAGE must be at most ${MAX_WELCOME_CHARS} characters.` });
  }

  const prompts = read("CHAT_STARTER_PROMPTS");
  if (prompts) {
    const list = prompts.split("|").map((prompt) => prompt.trim()).filter(Boolean);
    if (list.length > MAX_PROMPTS || list.some((prompt) => prompt.length > MAX_PROMPT_CHARS)) {
      problems.push({
        variable: "CHAT_STARTER_PROMPTS",
        message: `CHAT_STARTER_PROMPTS takes up to ${MAX_PROMPTS} prompts separated by "|", each at most ${MAX_PROMPT_CHARS} characters.`,
      });
    }
    branding.starterPrompts = list.slice(0, MAX_PROMPTS).filter((prompt) => prompt.length <= MAX_PROMPT_CHARS);
  }

  const accent = read("CHAT_ACCENT_COLOR");
  if (accent) {
    const hex = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(accent)?.[1];
    if (hex) {
      const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
      branding.accentColor = `#${full.toLowerCase()}`;
      branding.accentTextColor = readableTextOn(branding.accentColor);
    } else {
      problems.push({ variable: "CHAT_ACCENT_COLOR", message: `CHAT_ACCENT_COLOR must be a hex colour such as #4f46e5 (got "${accent}").` });
    }
  }

  const avatar = read("CHAT_AVATAR_URL");
  if (avatar) {
    if (/^https:\/\/[^\s"'<>]+$/i.test(avatar) || /^\/[^\s"'<>]*$/.test(avatar)) branding.avatarUrl = avatar;
    else problems.push({ variable: "CHAT_AVATAR_URL", message: `CHAT_AVATAR_URL must be an https:// URL or a path such as /avatar.png (got "${avatar}").` });
  }
  return branding;
}
