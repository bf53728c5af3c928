// Server and browser: the `<html>` attribute the layout sets on Vercel, where Web Analytics takes custom events.
export const ANALYTICS_ATTRIBUTE = "data-analytics";
