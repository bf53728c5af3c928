import { expect, test } from "@playwright/test";
import { ask, postChat, readChunks, standinRequests, unique } from "./support/http";
import { pidListeningOn, processStats, type ProcessStats } from "./support/process-stats";
import { visitorsLeavingMidReply } from "./support/leaving";
import { appUrl, APPS } from "./support/servers";

const VISITORS = 100;
/** Sockets and files the server may hold beyond its baseline once every visitor left (see the README). */
const HANDLE_TOLERANCE = 4;

async function settle(pid: number, baseline: ProcessStats, timeoutMs = 8_000): Promise<ProcessStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = processStats(pid);
    if (now.openFds <= baseline.openFds + HANDLE_TOLERANCE || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test(`${VISITORS} visitors leaving mid-reply: each upstream request closes within a second, and the server's handles return`, async () => {
  test.setTimeout(60_000);
  const pid = pidListeningOn(APPS.abort.port);
  // Warm up so that lazily loaded code and pooled connections are part of the baseline.
  for (let i = 0; i < 3; i++) await (await postChat("abort", ask("[[reply=echo delay=0]] warm up"))).text();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const baseline = processStats(pid);

  const batch = unique("leave");
  const left = await visitorsLeavingMidReply(`${appUrl("abort")}/api/chat`, VISITORS, batch);
  const during = processStats(pid);

  const deadline = Date.now() + 5_000;
  let closed = await standinRequests(batch);
  while (closed.filter((r) => r.closedAt !== undefined).length < VISITORS && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    closed = await standinRequests(batch);
  }
  const lateOrOpen = left.filter(({ marker, leftAt }) => {
    const record = closed.find((r) => JSON.stringify(r.body).includes(marker));
    return !record?.closedAt || record.completed || record.closedAt - leftAt >= 1_000;
  });
  expect(closed).toHaveLength(VISITORS);
  const slowest = Math.max(...left.map(({ marker, leftAt }) => closed.find((r) => JSON.stringify(r.body).includes(marker))!.closedAt! - leftAt));
  console.log(`abort: slowest upstream close ${slowest} ms after its visitor left`);
  expect(lateOrOpen.map((l) => l.marker)).toEqual([]);

  const after = await settle(pid, baseline);
  console.log(`abort: baseline ${JSON.stringify(baseline)}, with ${VISITORS} open ${JSON.stringify(during)}, after ${JSON.stringify(after)}`);
  expect(during.sockets).toBeGreaterThan(baseline.sockets);
  expect(after.openFds).toBeLessThanOrEqual(baseline.openFds + HANDLE_TOLERANCE);
  expect(after.sockets).toBeLessThanOrEqual(baseline.sockets + HANDLE_TOLERANCE);

  // And it goes on serving.
  const next = await postChat("abort", ask("[[reply=echo delay=0]] after the crowd left"));
  expect((await readChunks(next)).text).toBe("after the crowd left");
});
