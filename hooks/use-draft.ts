"use client";

import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from "react";
import { DRAFT_KEY } from "@/lib/chat/conversation-store";

function storedDraft(): string {
  try {
    return localStorage.getItem(DRAFT_KEY) ?? "";
  } catch {
    return "";
  }
}

/**
 * What the visitor is typing, kept across reloads until it is sent. The page
 * is rendered on the server with an empty box; right after hydration the box
 * takes what the visitor already typed into it (before the JavaScript ran),
 * before any render could empty it; else, a moment later (the first read of
 * storage is slow on a phone, and hydration's task is long enough), the
 * draft kept from the last visit, unless the visitor has typed meanwhile.
 */
export function useDraft(box: RefObject<HTMLTextAreaElement | null>) {
  const [draft, setDraftState] = useState("");
  const setDraft = useCallback((value: string) => {
    setDraftState(value);
    try {
      if (value) localStorage.setItem(DRAFT_KEY, value);
      else localStorage.removeItem(DRAFT_KEY);
    } catch {
      // Storage full or blocked: the draft still lives in the textbox.
    }
  }, []);
  useLayoutEffect(() => {
    const typed = box.current?.value ?? "";
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the box exists only in the browser, after hydration
    if (typed) setDraft(typed);
  }, [box, setDraft]);
  useEffect(() => {
    const stored = box.current?.value ? "" : storedDraft();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage exists only in the browser, after hydration
    if (stored) setDraftState(stored);
  }, [box]);
  return [draft, setDraft] as const;
}
