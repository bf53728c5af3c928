import { gzipSync } from "node:zlib";
import { EMBED_SCRIPT } from "../generated/embed-script.ts";

/**
 * embed.js, the one script an owner pastes into their site, as app/embed.js/route.ts serves it: written in
 * TypeScript in lib/embed/client/, bundled and minified by esbuild (ES2017, so it runs on older browsers
 * than the page's) with its stylesheet minified by Lightning CSS, by scripts/build-assets.ts at build time.
 */
export { EMBED_SCRIPT };

/** embed.js's size as sent compressed, the number the 4 KB budget is about. */
export function embedScriptGzipBytes(): number {
  return gzipSync(EMBED_SCRIPT, { level: 9 }).length;
}
