"use client";

import { useRef } from "react";
import { useDraft } from "@/hooks/use-draft";
import { LIMITS } from "@/lib/chat/limits";
import { useLanguage, useText } from "./i18n-provider";

interface ComposerProps {
  /** A reply is on its way: Enter does not send, and Stop replaces Send. */
  busy: boolean;
  /** The conversation takes no more messages; the draft stays for a new chat. */
  disabled?: boolean;
  /** Says why the box is waiting, in place of the usual prompt. */
  placeholder?: string;
  onSend: (text: string) => void;
  onStop: () => void;
}

const COUNTER_FROM = LIMITS.maxUserMessageChars - 500;

const formats = new Map<string, Intl.NumberFormat>();
/**
 * One number format per language, made when the counter first shows: making one loads the language's
 * number data, which took ~15 ms of the page's hydration (60 ms on a 4× slowed CPU) when made up front.
 */
function numbersIn(language: string): Intl.NumberFormat {
  let format = formats.get(language);
  if (!format) formats.set(language, (format = new Intl.NumberFormat(language)));
  return format;
}

export function Composer({ busy, disabled = false, placeholder, onSend, onStop }: ComposerProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const text = useText();
  const language = useLanguage();
  const [draft, setDraft] = useDraft(box);
  const canSend = !busy && !disabled && draft.trim().length > 0;

  /** Sends what the textbox holds now (not what the last render saw), unless a reply is on its way. */
  function send(text: string) {
    if (busy || disabled || text.trim().length === 0) return;
    onSend(text);
    setDraft("");
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send(box.current?.value ?? draft);
      }}
    >
      <textarea
        ref={box}
        aria-label={text.composer.label}
        placeholder={placeholder ?? text.composer.placeholder}
        dir="auto"
        rows={1}
        maxLength={LIMITS.maxUserMessageChars}
        disabled={disabled}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send(event.currentTarget.value);
          }
        }}
      />
      {draft.length > COUNTER_FROM && (
        <span className="composer-counter" aria-live="polite">
          {numbersIn(language).format(draft.length)}/{numbersIn(language).format(LIMITS.maxUserMessageChars)}
        </span>
      )}
      {busy ? (
        <button type="button" className="button button-stop" onClick={onStop}>
          {text.composer.stop}
        </button>
      ) : (
        <button type="submit" className="button button-send" disabled={!canSend}>
          {text.composer.send}
        </button>
      )}
    </form>
  );
}
