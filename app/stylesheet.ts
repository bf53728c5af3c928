import "server-only";

/**
 * The page's stylesheet, app/globals.css, written into every page in a `<style>` with the CSP nonce rather
 * than linked: a linked stylesheet is one more round trip before a phone can paint anything. Next.js's own
 * `experimental.inlineCss` cannot be used: React writes its inlined styles without the nonce, so the policy
 * would block them. Minified by Lightning CSS for package.json's browserslist when the app is built
 * (scripts/build-assets.ts), so a broken rule fails the build and nothing is read from disk at run time.
 */
export { PAGE_STYLESHEET } from "@/lib/generated/stylesheet";
