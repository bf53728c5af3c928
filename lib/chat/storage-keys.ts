// Server and browser: the names the page's data goes by in the browser's storage, for code on either side.

export const PREFIX = "chatbase-chat-page:";
/** What the visitor is typing, kept across reloads until it is sent. */
export const DRAFT_KEY = `${PREFIX}draft`;
/** Which conversation a tab has open (sessionStorage), so a reload reopens it. */
export const OPEN_KEY = `${PREFIX}open`;
