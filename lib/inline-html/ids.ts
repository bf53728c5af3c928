// Server and browser: the ids of the elements whose text the server writes into the page's HTML once (see
// components/inline-html.tsx), by which the browser finds that text again.

export const PAGE_STYLESHEET_ID = "page-stylesheet";
export const EARLY_INTENTS_ID = "early-intents";
