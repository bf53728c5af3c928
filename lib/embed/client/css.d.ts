/** A stylesheet imported as its text: Lightning CSS minifies it into embed.js (scripts/build-assets.ts); vitest reads it as Vite does. */
declare module "*.css?inline" {
  const css: string;
  export default css;
}
