// The bench's floors, built once: a bare Next.js app with one static page and the naive route handler.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const NEXT_BIN = `${process.cwd()}/node_modules/next/dist/bin/next`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

export function buildIfNeeded(cwd: string) {
  if (existsSync(`${cwd}/.next/BUILD_ID`)) return;
  console.log(`building ${cwd} …`);
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`next build failed in ${cwd}`);
}

/** A Next.js app with one static page and nothing else: the framework's own floor, same versions. */
export function prepareBareNext(): string {
  const dir = "bench/.bare-next";
  mkdirSync(`${dir}/app`, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ private: true, type: "module" }));
  writeFileSync(`${dir}/next.config.js`, "export default { poweredByHeader: false };\n");
  writeFileSync(`${dir}/app/layout.js`, 'export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n');
  writeFileSync(`${dir}/app/page.js`, "export default function Page() {\n  return <main>Hello</main>;\n}\n");
  // Built by an older bench without these files: build again.
  if (!existsSync(`${dir}/app/api/naive/route.js`) || !existsSync(`${dir}/instrumentation.js`)) rmSync(`${dir}/.next`, { recursive: true, force: true });
  // Without a hook of its own, Turbopack (whose root is this repository) would build ours into the bare app.
  writeFileSync(`${dir}/instrumentation.js`, "export function register() {}\n");
  // The route handler anyone would write first: fetch Chatbase, hand its body back as it is.
  mkdirSync(`${dir}/app/api/naive`, { recursive: true });
  writeFileSync(
    `${dir}/app/api/naive/route.js`,
    [
      'export const dynamic = "force-dynamic";',
      "export async function POST(request) {",
      "  const upstream = await fetch(`${process.env.CHATBASE_BASE_URL}/api/v1/chat`, {",
      '    method: "POST",',
      '    headers: { "Content-Type": "application/json", Authorization: `Bearer ${process.env.CHATBASE_API_KEY}` },',
      "    body: await request.text(),",
      "  });",
      '  return new Response(upstream.body, { status: upstream.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });',
      "}",
      "",
    ].join("\n"),
  );
  buildIfNeeded(dir);
  return dir;
}
