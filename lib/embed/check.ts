import type { Branding } from "../config/branding.ts";
import { canonicalOrigin, originListed } from "../config/origin.ts";
import { fill } from "../i18n/format.ts";
import type { Messages } from "../i18n/index.ts";

/** What embed.js learns before it shows anything: whether this site may show the chat, and its few words. */
export interface EmbedCheck {
  allowed: boolean;
  /** The launcher's look: the owner's accent colour and the bot's avatar or initial. */
  accentColor: string;
  accentTextColor: string;
  initial: string;
  /** As the owner set it: an https URL or a path on the app, which embed.js resolves against the app. */
  avatarUrl?: string;
  text: { open: string; close: string; title: string };
}

/**
 * The answer to a site's embed.js. `origin` is what the browser sent as `Origin`: a page cannot forge it,
 * and a script outside a browser that does gains only this public answer (framing /embed is what
 * frame-ancestors decides, from the same list).
 */
export function embedCheck(options: {
  origin: string | null;
  embedOrigins: readonly string[];
  branding: Branding;
  messages: Messages;
}): EmbedCheck {
  const { origin, embedOrigins, branding, messages } = options;
  return {
    allowed: originListed(origin, embedOrigins),
    accentColor: branding.accentColor,
    accentTextColor: branding.accentTextColor,
    initial: branding.botName.slice(0, 1).toUpperCase(),
    ...(branding.avatarUrl ? { avatarUrl: branding.avatarUrl } : {}),
    text: {
      open: messages.embed.open,
      close: messages.embed.close,
      title: fill(messages.embed.title, { botName: branding.botName }),
    },
  };
}

/** The frame's parent, when /embed is asked for by one of the allowed sites; the Close button tells only it. */
export function embedParent(requested: string | string[] | undefined, embedOrigins: readonly string[]): string | undefined {
  return typeof requested === "string" && originListed(requested, embedOrigins) ? canonicalOrigin(requested) : undefined;
}
