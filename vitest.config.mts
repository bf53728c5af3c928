import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Unit tests run server modules outside Next.js: `server-only` resolves as it does in a server component.
  resolve: { tsconfigPaths: true, alias: { "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "*.test.ts"],
    environment: "node",
    // For the browser code's tests (a `@vitest-environment happy-dom` line): an owner's page. happy-dom loads no frames.
    environmentOptions: { happyDOM: { url: "https://shop.example/page" } },
    testTimeout: 15_000,
  },
});
