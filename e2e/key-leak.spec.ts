import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { LIMITS } from "../lib/chat/limits";
import { ask, postChat, readChunks } from "./support/http";
import { claimHeaders, seedConversation, userHash } from "./support/identity";
import { appUrl, APPS, LOG_DIR, RATE_LIMITS, TEST_API_KEY, TEST_IDENTITY_SECRET, type AppName } from "./support/servers";

/** Everything a client could see of one response: status line, every header, the whole body. */
async function seen(response: Response): Promise<string> {
  const body = response.body ? (await readChunks(response)).text : "";
  return [String(response.status), ...[...response.headers].map(([name, value]) => `${name}: ${value}`), body].join("\n");
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every way a request can fail, on every app that holds the key. */
function errorPaths(): [AppName, unknown, Record<string, string>][] {
  const paths: [AppName, unknown, Record<string, string>][] = [];
  const encodings: Record<string, string>[] = [{}, { Accept: "text/event-stream" }];
  for (const accept of encodings) {
    for (const app of ["v1", "v2"] as const) {
      for (const status of [400, 401, 402, 403, 404, 429, 500, 502, 503]) paths.push([app, ask(`[[status=${status} retryAfter=3]]`), accept]);
      for (const fault of ["firstByteDelay=3000", "stallAfter=3", "resetAfter=3", "errorAfter=3", "json", "chunkBytes=1 reply=multibyte delay=0"]) {
        paths.push([app, ask(`[[${fault}]] key leak`), accept]);
      }
    }
    paths.push(["unreachable", ask("hello"), accept], ["unconfigured", ask("hello"), accept]);
  }
  for (const body of ["{nope", "{}", JSON.stringify(ask("x".repeat(LIMITS.maxUserMessageChars + 1))), JSON.stringify(ask("y".repeat(LIMITS.maxBodyBytes)))]) {
    paths.push(["v1", body, {}]);
  }
  paths.push(["v1", ask("hello"), { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }]);
  paths.push(["v1", ask("hello"), { Authorization: `Bearer ${"not-the-key"}` }]);
  // Signed-in visitors, verified and not, on the app that holds the identity secret too.
  for (const claim of [claimHeaders("u-leak"), claimHeaders("u-leak", userHash("u-leak", "wrong-secret-0123456789")), claimHeaders("u-leak", "nothex")]) {
    for (const status of [401, 404, 500]) paths.push(["identity", ask(`[[status=${status}]] identity`), claim]);
    paths.push(["identity", ask("[[errorAfter=3]] identity"), { ...claim, Accept: "text/event-stream" }]);
  }
  return paths;
}

test("the Chatbase key and the identity secret appear in no response, no page, no static file and no server log, across every error path", async () => {
  test.setTimeout(120_000);
  const leaks: string[] = [];
  const check = (where: string, text: string) => {
    if (text.includes(TEST_API_KEY)) leaks.push(where);
    if (text.includes(TEST_IDENTITY_SECRET)) leaks.push(`${where} (identity secret)`);
  };

  await Promise.all(
    errorPaths().map(async ([app, body, headers]) => check(`${app} ${JSON.stringify(body).slice(0, 60)}`, await seen(await postChat(app, body, headers)))),
  );
  // Our own 429, and the invalid-UTF-8 path.
  const visitor = { "X-Forwarded-For": `10.250.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
  for (let i = 0; i <= RATE_LIMITS.proxiedPerDay; i++) check("own 429", await seen(await postChat("proxied", ask("[[reply=echo delay=0]] hi"), visitor)));
  const badBytes = await fetch(`${appUrl("v1")}/api/chat`, { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
  check("invalid utf-8", await seen(badBytes));
  // The history routes: every verdict, a conversation that is and one that is not the visitor's, the embed page.
  const mine = await seedConversation("u-leak", "history leak check");
  for (const claim of [{}, claimHeaders("u-leak"), claimHeaders("u-other"), claimHeaders("u-leak", "0".repeat(64))]) {
    for (const path of ["/api/history", `/api/history/${mine}`, "/api/history/conv_missing", "/api/history/..%2F"]) {
      check(`identity GET ${path}`, await seen(await fetch(`${appUrl("identity")}${path}`, { headers: claim })));
    }
  }
  check("identity /embed", await seen(await fetch(`${appUrl("identity")}/embed?origin=${encodeURIComponent("http://localhost:1")}`)));
  check("identity /embed.js", await seen(await fetch(`${appUrl("identity")}/embed.js`)));

  const assets = new Set<string>();
  await Promise.all(
    (Object.keys(APPS) as AppName[]).map(async (app) => {
      for (const path of ["/", "/api/health", "/no-such-page", "/api/chat"]) check(`${app} GET ${path}`, await seen(await fetch(`${appUrl(app)}${path}`)));
      const html = await (await fetch(appUrl(app))).text();
      for (const [, asset] of html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)) assets.add(asset);
    }),
  );
  for (const asset of assets) check(`asset ${asset}`, await seen(await fetch(`${appUrl("v1")}${asset}`)));

  // The build ran with the key and the identity secret in its environment (scripts/test.mjs): neither may reach the browser's files.
  const staticFiles = filesUnder(".next/static");
  expect(staticFiles.length).toBeGreaterThan(5);
  for (const file of staticFiles) check(file, readFileSync(file, "latin1"));

  // Give the servers a moment to write what the failures above logged, then read every log.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const logs = readdirSync(LOG_DIR).filter((name) => /^server-.*\.log$/.test(name));
  expect(logs.length).toBe(Object.keys(APPS).length);
  const v1Log = readFileSync(join(LOG_DIR, "server-v1.log"), "utf8");
  expect(v1Log).toContain("upstream_unauthorized");
  expect(v1Log).toContain("upstream_timeout");
  for (const log of logs) check(log, readFileSync(join(LOG_DIR, log), "utf8"));

  expect(leaks).toEqual([]);
});
