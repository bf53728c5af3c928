// @vitest-environment happy-dom
// After hydration React compares each store's snapshot with the one the server rendered, by identity: a different
// object, even an equal one, makes it render that part of the page again at once, in hydration's own task.
import { afterEach, describe, expect, it } from "vitest";
import { VisitorIdentity } from "./identity.ts";
import { LEAD_DISMISSED_KEY, LEAD_SENT_KEY, leadState } from "./lead-state.ts";

describe("a store's first snapshot in the browser is the server's, when nothing differs", () => {
  afterEach(() => localStorage.clear());

  it("the visitor's identity, before the owner's page passes a claim", () => {
    const identity = new VisitorIdentity();
    expect(identity.getSnapshot()).toBe(identity.getServerSnapshot());
    identity.enabled = true;
    identity.set({ userId: "u-1", userHash: "a".repeat(64) });
    expect(identity.getSnapshot()).not.toBe(identity.getServerSnapshot());
    expect(identity.getSnapshot().claim?.userId).toBe("u-1");
  });

  it("the lead form's state, with nothing remembered; what is remembered is read", () => {
    const unsubscribe = leadState.subscribe(() => {});
    expect(leadState.getSnapshot()).toBe(leadState.getServerSnapshot());
    localStorage.setItem(LEAD_DISMISSED_KEY, JSON.stringify(["c-1"]));
    localStorage.setItem(LEAD_SENT_KEY, "1");
    window.dispatchEvent(new StorageEvent("storage", { key: LEAD_SENT_KEY }));
    expect(leadState.getSnapshot()).toEqual({ sent: true, dismissed: ["c-1"] });
    unsubscribe();
  });
});
