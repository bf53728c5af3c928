"use client";

import { useCallback, useState } from "react";
import { DRAFT_KEY } from "@/lib/chat/conversation-store";

/** What the visitor is typing, kept across reloads until it is sent. Call only in the browser. */
export function useDraft() {
  const [draft, setDraftState] = useState(() => {
    try {
      return localStorage.getItem(DRAFT_KEY) ?? "";
    } catch {
      return "";
    }
  });
  const setDraft = useCallback((value: string) => {
    setDraftState(value);
    try {
      if (value) localStorage.setItem(DRAFT_KEY, value);
      else localStorage.removeItem(DRAFT_KEY);
    } catch {
      // Storage full or blocked: the draft still lives in the textbox.
    }
  }, []);
  return [draft, setDraft] as const;
}
