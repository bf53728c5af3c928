"use client";

import { useCallback, useLayoutEffect, useState, type RefObject } from "react";
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
 * or else the draft kept from the last visit.
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
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the box and storage exist only in the browser, after hydration
    if (typed) setDraft(typed);
    else setDraftState(storedDraft());
  }, [box, setDraft]);
  return [draft, setDraft] as const;
}
