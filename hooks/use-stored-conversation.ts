"use client";

import { generateId } from "ai";
import { useCallback, useState } from "react";
import {
  CONVERSATION_KEY,
  DRAFT_KEY,
  parseConversation,
  serializeConversation,
  type StoredConversation,
} from "@/lib/chat/conversation-store";
import type { ChatMessage } from "@/lib/chat/messages";
import type { ApiVersion } from "@/lib/config";

function newConversation(apiVersion: ApiVersion): StoredConversation {
  return {
    id: generateId(),
    // v1: the page names the conversation so that it shows in the owner's dashboard; v2 names its own.
    conversationId: apiVersion === "v1" ? `web-${generateId()}` : undefined,
    messages: [],
    updatedAt: Date.now(),
  };
}

function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or blocked (private mode): the conversation still lives in memory.
  }
}

/** The visitor's conversation, kept in localStorage. Call only in the browser. */
export function useStoredConversation(apiVersion: ApiVersion) {
  const [conversation, setConversation] = useState<StoredConversation>(
    () => parseConversation(localStorage.getItem(CONVERSATION_KEY)) ?? newConversation(apiVersion),
  );

  const saveMessages = useCallback(
    (messages: ChatMessage[]) => {
      write(CONVERSATION_KEY, serializeConversation({ ...conversation, messages, updatedAt: Date.now() }));
    },
    [conversation],
  );

  const startNew = useCallback(() => {
    const fresh = newConversation(apiVersion);
    write(CONVERSATION_KEY, serializeConversation(fresh));
    setConversation(fresh);
  }, [apiVersion]);

  return { conversation, saveMessages, startNew };
}

/** What the visitor is typing, kept across reloads until it is sent. */
export function useDraft() {
  const [draft, setDraftState] = useState(() => localStorage.getItem(DRAFT_KEY) ?? "");
  const setDraft = useCallback((value: string) => {
    setDraftState(value);
    if (value) write(DRAFT_KEY, value);
    else localStorage.removeItem(DRAFT_KEY);
  }, []);
  return [draft, setDraft] as const;
}
