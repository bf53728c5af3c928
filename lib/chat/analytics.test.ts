import { describe, expect, it, vi } from "vitest";
import { createTracker, events, surfaceOf } from "./analytics.ts";

const SECRET_TEXT = "My email is ada@example.com and my number is +14155550123";

/** Every value an event carries: a fixed word, a count, or a flag. */
function values(event: ReturnType<(typeof events)[keyof typeof events]>): unknown[] {
  return Object.values(event.properties);
}

describe("analytics events", () => {
  const all = [
    events.messageSent("page"),
    events.replyFailed("embed", "rate_limited"),
    events.replyFailed("page", undefined),
    events.replyFailed("page", SECRET_TEXT),
    events.replyFailed("page", '{"error":"ada@example.com"}'),
    events.feedbackGiven("page", "positive"),
    events.feedbackGiven("page", null),
    events.leadSent("embed", 2, true),
    events.embedOpened(),
  ];

  it("carry only flat, short, fixed-vocabulary values: no text, no personal data", () => {
    for (const event of all) {
      for (const value of values(event)) {
        expect(["string", "number", "boolean"]).toContain(typeof value);
        if (typeof value === "string") expect(value).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
      }
      const serialized = JSON.stringify(event);
      expect(serialized).not.toContain("@");
      expect(serialized).not.toContain("+1415");
    }
  });

  it("report a reply's failure by our API's code, a missing answer as network, anything else as other", () => {
    const code = (raw: string | undefined) => (events.replyFailed("page", raw).properties as Record<string, unknown>).code;
    expect(code("upstream_timeout")).toBe("upstream_timeout");
    expect(code(undefined)).toBe("network");
    expect(code(SECRET_TEXT)).toBe("other");
  });

  it("name their surface by the path: the embed frame or the page", () => {
    expect(surfaceOf("/embed")).toBe("embed");
    expect(surfaceOf("/")).toBe("page");
  });
});

describe("the tracker", () => {
  it("loads the analytics code only on the first event, and only when enabled", async () => {
    const track = vi.fn();
    const load = vi.fn(async () => track);
    let enabled = false;
    const send = createTracker(() => enabled, load);
    send(events.messageSent("page"));
    expect(load).not.toHaveBeenCalled();
    enabled = true;
    send(events.messageSent("page"));
    send(events.leadSent("page", 2, false));
    await vi.waitFor(() => expect(track).toHaveBeenCalledTimes(2));
    expect(load).toHaveBeenCalledTimes(1);
    expect(track).toHaveBeenCalledWith("lead_sent", { surface: "page", fields: 2, delivered: false });
  });

  it("never throws into the page when the analytics code cannot load", async () => {
    const send = createTracker(() => true, () => Promise.reject(new Error("blocked")));
    expect(() => send(events.embedOpened())).not.toThrow();
  });
});
