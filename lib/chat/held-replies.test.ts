import { describe, expect, it } from "vitest";
import { readAll, readSome, until } from "../test-support/streams.ts";
import { MemoryReplyHolder, type ReplyWriter } from "./held-replies.ts";

const HOUR = 3_600_000;

function written(writer: ReplyWriter, events: string[], end = true): ReplyWriter {
  for (const event of events) writer.push(event);
  if (end) writer.end();
  return writer;
}

describe("MemoryReplyHolder", () => {
  const events = ["e0 ", "e1 ", "e2 ", "e3 "];

  it("hands the visitor the events from any index, after the end and while the reply is live", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 10, maxChars: 1_000 });
    const writer = holder.open("r1", "visitor-a", () => undefined)!;
    written(writer, events.slice(0, 2), false);
    const live = (await holder.read("r1", "visitor-a", 1))!;
    const { text, reader } = await readSome(live, "e1");
    expect(text).toBe("e1 ");
    written(writer, events.slice(2));
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += next.value;
    expect(rest).toBe("e2 e3 ");
    expect(await readAll((await holder.read("r1", "visitor-a", 3))!)).toBe("e3 ");
    expect(await readAll((await holder.read("r1", "visitor-a", 0))!)).toBe(events.join(""));
    expect(await readAll((await holder.read("r1", "visitor-a", 9))!)).toBe("");
  });

  it("answers nothing for an unknown reply or another visitor's, and stops only the visitor's own", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 10, maxChars: 1_000 });
    let stops = 0;
    written(holder.open("r1", "visitor-a", () => stops++)!, ["e0 "], false);
    expect(await holder.read("r1", "visitor-b", 0)).toBeUndefined();
    expect(await holder.read("r2", "visitor-a", 0)).toBeUndefined();
    expect(await holder.stop("r1", "visitor-b")).toBe(false);
    expect(stops).toBe(0);
    expect(await holder.stop("r1", "visitor-a")).toBe(true);
    expect(stops).toBe(1);
  });

  it("lets a finished reply go once the hold has passed", async () => {
    const holder = new MemoryReplyHolder({ holdMs: 30, maxReplies: 10, maxChars: 1_000 });
    written(holder.open("r1", "visitor-a", () => undefined)!, events);
    expect(await holder.read("r1", "visitor-a", 0)).toBeDefined();
    await until(async () => (await holder.read("r1", "visitor-a", 0)) === undefined);
    expect(holder.size).toEqual({ replies: 0, chars: 0 });
  });

  it("at its bound drops finished replies, oldest first, and holds no new reply while live ones fill it", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 2, maxChars: 1_000 });
    written(holder.open("old", "v", () => undefined)!, events);
    written(holder.open("live", "v", () => undefined)!, events, false);
    expect(holder.open("new", "v", () => undefined)).toBeDefined();
    expect(await holder.read("old", "v", 0)).toBeUndefined();
    expect(await holder.read("live", "v", 0)).toBeDefined();
    expect(holder.open("newer", "v", () => undefined)).toBeUndefined();
  });

  it("bounds the characters held: finished replies make room for a growing one", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 10, maxChars: 20 });
    written(holder.open("old", "v", () => undefined)!, ["0123456789"]);
    written(holder.open("live", "v", () => undefined)!, ["0123456789", "0123456789"], false);
    expect(await holder.read("old", "v", 0)).toBeUndefined();
    expect(holder.size.chars).toBe(20);
    expect(holder.open("new", "v", () => undefined)).toBeUndefined();
  });

  it("gives back a finished reply's events exactly as they were sent, text deltas and others alike", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 10, maxChars: 100_000 });
    const frame = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;
    const sent = [
      frame({ type: "start", messageId: "m" }),
      frame({ type: "text-start", id: "reply" }),
      ...["Grüße ", 'a "quoted" }\n\n', "👋🏽 "].map((delta) => frame({ type: "text-delta", id: "reply", delta })),
      frame({ type: "text-end", id: "reply" }),
      frame({ type: "finish", finishReason: "stop" }),
    ];
    const writer = written(holder.open("r1", "v", () => undefined)!, sent);
    for (let from = 0; from <= sent.length; from++) expect(await readAll(writer.follow(from))).toBe(sent.slice(from).join(""));
    expect(holder.size.chars).toBeLessThan(sent.join("").length);
  });

  it("keeps no visitor id, only its digest", async () => {
    const holder = new MemoryReplyHolder({ holdMs: HOUR, maxReplies: 10, maxChars: 1_000 });
    written(holder.open("r1", "v-secret-visitor", () => undefined)!, events);
    expect(JSON.stringify(holder.find("r1", "v-secret-visitor"))).not.toContain("v-secret-visitor");
  });
});
