// Shared by the server (the layout writes THEME_SCRIPT into <head>) and the browser (hooks/use-theme.ts).
// A plain module, not the hook's "use client" one: imported from there, the string would reach the layout as a
// client reference that every page's hydration must load a chunk to resolve.

/** The visitor's explicit choice; without one the page follows the system. Read before paint by THEME_SCRIPT. */
export const THEME_KEY = "chatbase-chat-page:theme";

/** Runs in <head> before the page paints, so a chosen theme never flashes the other one. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
