"use client";
// Browser: a signed-in visitor's conversations from their account (Chatbase v2), for the list, and opening one.

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { visitorIdentity } from "@/lib/chat/identity";
import { fetchRemoteConversation, fetchRemoteSummaries, type RemoteSummary } from "@/lib/chat/remote-history";
import { claimOf, type IdentityClaim } from "@/lib/identity/claim";

const IDENTIFY_MESSAGE = "chatbase-chat:identify";

/**
 * In embed.js's frame: takes the visitor's identity from the owner's page (its origin and window checked, as
 * for every message between the two) into the page's one identity. `enabled` says whether the server checks
 * claims at all (CHATBASE_IDENTITY_SECRET set).
 */
export function useEmbedIdentity(parentOrigin: string | undefined, enabled: boolean) {
  useEffect(() => {
    if (!parentOrigin) return;
    visitorIdentity.enabled = enabled;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== parentOrigin || event.source !== window.parent || event.data?.type !== IDENTIFY_MESSAGE) return;
      visitorIdentity.set(claimOf(event.data.identity) ?? null);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [parentOrigin, enabled]);
}

/**
 * The account's conversations while a claim stands (listed once per sign-in; an unverified claim lists
 * nothing, and is not asked again), and `load` to open one of them.
 */
export function useRemoteHistory(enabled: boolean, untitled: string) {
  const identity = useSyncExternalStore(visitorIdentity.subscribe, visitorIdentity.getSnapshot, visitorIdentity.getServerSnapshot);
  const [listed, setListed] = useState<{ claim: IdentityClaim; summaries: RemoteSummary[] }>();
  const { claim } = identity;

  useEffect(() => {
    if (!enabled || !claim) return;
    let current = true;
    fetchRemoteSummaries(claim, untitled)
      .then((summaries) => current && setListed({ claim, summaries: summaries ?? [] }))
      // Not reachable now: the list is this browser's alone until the next sign-in.
      .catch(() => current && setListed({ claim, summaries: [] }));
    return () => {
      current = false;
    };
  }, [enabled, claim, untitled]);

  const load = useCallback(
    (conversationId: string) => {
      if (!claim) return Promise.reject(new Error("Signed out."));
      return fetchRemoteConversation(claim, conversationId);
    },
    [claim],
  );

  return {
    summaries: enabled && listed && claim && listed.claim === claim ? listed.summaries : [],
    signedIn: claim !== null,
    /** What the server made of the claim: none, pending, verified or unverified. */
    status: identity.status,
    load,
  };
}
