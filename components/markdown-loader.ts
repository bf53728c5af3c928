import { deferredCode } from "./deferred-code";

/**
 * The Markdown renderer is not in the first load. The page fetches it when idle and runs it when the visitor
 * shows intent (or when there are replies to draw); see deferred-code.ts.
 */
export const markdownCode = deferredCode(() => import("./markdown-code"));
