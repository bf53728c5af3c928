import { deferredCode } from "./deferred-code";

/** The chat engine is not in the first load: fetched when the page is idle, run on the visitor's first intent; see deferred-code.ts. */
export const chatEngineCode = deferredCode(() => import("./chat-engine-code"));
