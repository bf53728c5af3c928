/** The chat engine (components/chat-engine.tsx and the AI SDK), fetched with this module, run by `instantiate`; see deferred-code.ts. */
export function instantiate(): typeof import("./chat-engine") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- bundled into this chunk, run only when called
  return require("./chat-engine");
}
