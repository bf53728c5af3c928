// Shared by the server (the layout renders <html data-theme> from the cookie; the embed frame writes THEME_SCRIPT)
// and the browser (hooks/use-theme.ts). A plain module, not the hook's "use client" one: imported from there, a
// value would reach the server as a client reference that every page's hydration must load a chunk to resolve.

export type Theme = "light" | "dark";

/** The visitor's explicit choice in localStorage; without one the page follows the system. */
export const THEME_KEY = "chatbase-chat-page:theme";

/**
 * The same choice as a cookie, so that the server renders the page in it. The page then runs no script before its
 * body: an inline script in <head> made Chromium start its JavaScript engine, and yield, before it had parsed the
 * body (see the README's Performance section for what that cost the first paint).
 */
export const THEME_COOKIE = "chatbase-chat-page.theme";

export function parseTheme(value: string | null | undefined): Theme | undefined {
  return value === "light" || value === "dark" ? value : undefined;
}

/** The choice in a `Cookie` header or `document.cookie`. */
export function themeInCookies(cookies: string): Theme | undefined {
  for (const pair of cookies.split(";")) {
    const at = pair.indexOf("=");
    if (at !== -1 && pair.slice(0, at).trim() === THEME_COOKIE) return parseTheme(pair.slice(at + 1).trim());
  }
  return undefined;
}

/** For `document.cookie`: a year, every path, sent with the page's own navigations (Lax), Secure over https. */
export function themeCookie(theme: Theme, secure: boolean): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/**
 * Runs before the embed frame's content, so a chosen theme never flashes the other one there: a frame on the
 * owner's site gets no Lax cookie, but has its own storage.
 */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
