"use client";

import { useCallback, useState, useSyncExternalStore } from "react";
import { leadState } from "@/lib/chat/lead-state";
import type { LeadForm } from "@/lib/config/lead";

export interface LeadView {
  /** The form is on screen (asked, offered, or just sent and saying so). */
  shown: boolean;
  /** `before` and not sent yet: the composer waits for the form. */
  blocking: boolean;
  /** Just sent, in this conversation: whether it reached Chatbase (not in demo mode). */
  sent: { delivered: boolean } | undefined;
  markSent: (delivered: boolean) => void;
  dismiss: () => void;
}

/**
 * Whether this conversation shows the lead form, from CHAT_LEAD_FORM and what this browser remembers (sent once:
 * never asked again; an `after:N` offer dismissed: not offered again in that conversation).
 */
export function useLead(form: LeadForm, conversationId: string, visitorMessages: number, busy: boolean): LeadView {
  const state = useSyncExternalStore(leadState.subscribe, leadState.getSnapshot, leadState.getServerSnapshot);
  const [sent, setSent] = useState<{ delivered: boolean }>();
  const markSent = useCallback((delivered: boolean) => {
    setSent({ delivered });
    leadState.markSent();
  }, []);
  const dismiss = useCallback(() => leadState.dismiss(conversationId), [conversationId]);

  const asked =
    form.mode === "before" ||
    (form.mode === "after" && visitorMessages >= form.afterMessages && !busy && !state.dismissed.includes(conversationId));
  const open = !state.sent && asked;
  return { shown: open || sent !== undefined, blocking: form.mode === "before" && open, sent, markSent, dismiss };
}
