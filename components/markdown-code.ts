/** The Markdown renderer (components/markdown.tsx, react-markdown, remark), fetched with this module, run by `instantiate`; see deferred-code.ts. */
export function instantiate(): typeof import("./markdown") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- bundled into this chunk, run only when called
  return require("./markdown");
}
