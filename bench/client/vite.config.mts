import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the client rendering harness with production React, our Markdown component and the naive baseline. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  mode: "production",
  logLevel: "error",
  resolve: { alias: { "@": root } },
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  oxc: { jsx: { runtime: "automatic" } },
  build: { outDir: fileURLToPath(new URL("../.client-dist", import.meta.url)), emptyOutDir: true },
});
