"use client";

import { useRef, useState } from "react";
import { postFeedback, type FeedbackTarget } from "@/lib/chat/feedback-request";
import type { Feedback } from "@/lib/chat/messages";
import { useText } from "./i18n-provider";

interface FeedbackButtonsProps {
  target: FeedbackTarget;
  value: Feedback | undefined;
  /** Called once Chatbase accepted the choice, so that it is kept with the message. */
  onSaved: (feedback: Feedback) => void;
}

function Thumb({ down }: { down?: boolean }) {
  return (
    <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <g transform={down ? "rotate(180 12 12)" : undefined}>
        <path d="M7 10v11H3V10h4zM7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7" />
      </g>
    </svg>
  );
}

/**
 * "Good response" / "Bad response" toggles on a finished reply. The choice
 * shows at once; if Chatbase does not take it, the buttons go back to what
 * they were and a polite status says so.
 */
export function FeedbackButtons({ target, value, onSaved }: FeedbackButtonsProps) {
  const words = useText().agent;
  const [shown, setShown] = useState<Feedback>(value ?? null);
  const [status, setStatus] = useState<{ text: string; failed: boolean }>({ text: "", failed: false });
  const latest = useRef(0);

  async function choose(choice: "positive" | "negative") {
    const previous = shown;
    const next = shown === choice ? null : choice;
    const attempt = ++latest.current;
    setShown(next);
    setStatus({ text: "", failed: false });
    try {
      await postFeedback(target, next);
      if (attempt !== latest.current) return;
      setStatus({ text: next ? words.feedbackSaved : words.feedbackCleared, failed: false });
      onSaved(next);
    } catch {
      if (attempt !== latest.current) return;
      setShown(previous);
      setStatus({ text: words.feedbackFailed, failed: true });
    }
  }

  return (
    <span className="feedback" role="group" aria-label={words.feedbackGroup}>
      {(["positive", "negative"] as const).map((choice) => {
        const label = choice === "positive" ? words.goodResponse : words.badResponse;
        return (
          <button
            key={choice}
            type="button"
            className="icon-button feedback-button"
            aria-label={label}
            title={label}
            aria-pressed={shown === choice}
            onClick={() => void choose(choice)}
          >
            <Thumb down={choice === "negative"} />
          </button>
        );
      })}
      <span role="status" className={status.failed ? "feedback-status" : "sr-only"}>
        {status.text}
      </span>
    </span>
  );
}
