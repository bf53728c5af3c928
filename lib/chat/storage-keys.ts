// Server and browser: the names the page's data goes by in the browser's storage, for code on either side.

export const PREFIX = "chatbase-chat-page:";
/** What the visitor is typing, kept across reloads until it is sent. */
export const DRAFT_KEY = `${PREFIX}draft`;
/** Which conversation a tab has open (sessionStorage), so a reload reopens it. */
export const OPEN_KEY = `${PREFIX}open`;
/** The list's titles and times (localStorage), so the page need not read every conversation to show it. */
export const INDEX_KEY = `${PREFIX}index`;
/** An older page kept each conversation's messages in localStorage under this prefix; now they are in IndexedDB. */
export const CONVERSATION_PREFIX = `${PREFIX}conversation:`;
