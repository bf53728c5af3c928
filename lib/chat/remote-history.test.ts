// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConversationSummary } from "./conversation-store.ts";
import { VisitorIdentity, visitorIdentity } from "./identity.ts";
import { fetchRemoteConversation, fetchRemoteSummaries, localIdOf, mergeSummaries, type RemoteSummary } from "./remote-history.ts";

const CLAIM = { userId: "u-42", userHash: "ab".repeat(32) };
const remote = (conversationId: string, updatedAt: number, title = conversationId): RemoteSummary => ({
  id: localIdOf(conversationId),
  conversationId,
  title,
  updatedAt,
  remote: true,
});

afterEach(() => {
  visitorIdentity.set(null);
  visitorIdentity.enabled = false;
  vi.restoreAllMocks();
});

describe("mergeSummaries", () => {
  it("lists this browser's conversations and the account's, newest first, each Chatbase conversation once", () => {
    const local: ConversationSummary[] = [
      { id: "a", title: "Here, continued there", updatedAt: 30, conversationId: "conv-1" },
      { id: "b", title: "Anonymous, v1", updatedAt: 10 },
      { id: localIdOf("conv-3"), title: "Opened from the account, then continued here", updatedAt: 5, conversationId: "conv-3" },
    ];
    const merged = mergeSummaries(local, [remote("conv-1", 40), remote("conv-2", 20), remote("conv-3", 50)]);
    expect(merged.map((summary) => summary.id)).toEqual(["a", localIdOf("conv-2"), "b", localIdOf("conv-3")]);
    expect(merged.find((summary) => summary.id === localIdOf("conv-2"))?.remote).toBe(true);
  });

  it("is this browser's list untouched when the account has nothing", () => {
    const local: ConversationSummary[] = [{ id: "a", title: "x", updatedAt: 1 }];
    expect(mergeSummaries(local, [])).toBe(local);
  });
});

describe("reading the account's history", () => {
  it("sends the claim in headers, never in the URL, and turns the answer into conversations the page can open", async () => {
    visitorIdentity.enabled = true;
    visitorIdentity.set(CLAIM);
    const claim = visitorIdentity.getSnapshot().claim!;
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(url), headers: init?.headers as Record<string, string> });
      const body = String(url).endsWith("/api/history")
        ? { conversations: [{ conversationId: "conv-1", title: "", createdAt: 1_000, updatedAt: 2_000 }] }
        : {
            conversationId: "conv-1",
            ended: false,
            complete: true,
            messages: [
              { id: "m1", role: "user", text: "Hi", createdAt: 1_000 },
              { id: "m2", role: "assistant", text: "Hello", createdAt: 2_000, feedback: "positive" },
            ],
          };
      return Response.json(body, { headers: { "X-Chatbase-Identity": "verified" } });
    }) as typeof fetch;

    const summaries = await fetchRemoteSummaries(claim, "New conversation", fetchImpl);
    expect(summaries).toEqual([{ id: localIdOf("conv-1"), conversationId: "conv-1", title: "New conversation", updatedAt: 2_000, remote: true }]);
    expect(visitorIdentity.getSnapshot().status).toBe("verified");

    const opened = await fetchRemoteConversation(claim, "conv-1", fetchImpl);
    expect(opened).toMatchObject({ id: localIdOf("conv-1"), conversationId: "conv-1", createdAt: 1_000, updatedAt: 2_000 });
    expect(opened.messages[1]).toMatchObject({ role: "assistant", parts: [{ type: "text", text: "Hello" }], metadata: { conversationId: "conv-1", messageId: "m2", feedback: "positive" } });
    for (const call of calls) {
      expect(call.url).not.toMatch(/u-42|abab/);
      expect(call.headers).toMatchObject({ "X-Chatbase-User-Id": "u-42", "X-Chatbase-User-Hash": CLAIM.userHash });
    }
  });

  it("lists nothing when the server refuses the claim, and says so on the console once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    visitorIdentity.enabled = true;
    visitorIdentity.set(CLAIM);
    const claim = visitorIdentity.getSnapshot().claim!;
    const refuse = (async () =>
      Response.json({ error: { code: "identity_required", message: "…" } }, { status: 401, headers: { "X-Chatbase-Identity": "unverified" } })) as typeof fetch;
    expect(await fetchRemoteSummaries(claim, "New conversation", refuse)).toBeUndefined();
    expect(await fetchRemoteSummaries(claim, "New conversation", refuse)).toBeUndefined();
    expect(visitorIdentity.getSnapshot().status).toBe("unverified");
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0][0]).toContain("did not verify");
    expect(warn.mock.calls[0][0]).not.toMatch(/u-42|abab/);
  });
});

describe("VisitorIdentity", () => {
  it("sends no claim when the chat's server has identity off, and says why once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const identity = new VisitorIdentity();
    identity.set(CLAIM);
    identity.set({ ...CLAIM });
    expect(identity.headers()).toEqual({});
    expect(identity.getSnapshot()).toEqual({ claim: null, status: "none" });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0][0]).toContain("CHATBASE_IDENTITY_SECRET");
  });

  it("signs in and out, and ignores a verdict on a claim no longer current", () => {
    const identity = new VisitorIdentity();
    identity.enabled = true;
    identity.set(CLAIM);
    const old = identity.getSnapshot().claim;
    expect(identity.getSnapshot().status).toBe("pending");
    identity.set(null);
    identity.noteResponse(new Response(null, { headers: { "X-Chatbase-Identity": "verified" } }), old);
    expect(identity.getSnapshot()).toEqual({ claim: null, status: "none" });
    expect(identity.headers()).toEqual({});
  });
});
