// Server and build: which sections of a catalog the API routes answer with.

/** The catalog sections an API route's error can be worded from: scripts/build-assets.ts copies only these for the server. */
export const SERVER_SECTIONS = ["apiErrors", "errors", "rateLimit"] as const;
