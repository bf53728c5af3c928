"use client";

import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { currentSurface, events, trackEvent } from "@/lib/chat/analytics";
import { leadProblems, type LeadField, type LeadValues } from "@/lib/chat/lead-fields";
import { postLead } from "@/lib/chat/lead-request";
import { useText } from "./i18n-provider";

interface LeadFormProps {
  fields: readonly LeadField[];
  /** `before`: asked before the first message, not dismissable; `after`: offered in the conversation. */
  kind: "before" | "after";
  visitorId: () => string;
  /** Set once sent: the form gives way to its thanks. */
  sent: { delivered: boolean } | undefined;
  onSent: (delivered: boolean) => void;
  onDismiss: () => void;
}

const INPUT: Record<LeadField, { type: string; autoComplete: string; inputMode?: "email" | "tel"; dir: "auto" | "ltr" }> = {
  name: { type: "text", autoComplete: "name", dir: "auto" },
  email: { type: "email", autoComplete: "email", inputMode: "email", dir: "ltr" },
  phone: { type: "tel", autoComplete: "tel", inputMode: "tel", dir: "ltr" },
};

const subscribeNever = () => () => {};

/**
 * The lead form: each asked field required and labelled, checked here as the visitor sends and again by the
 * server. A refused value is said under its field, which keeps what was typed; a failure to send says so and
 * the same button sends again. Until the page's code runs, Send stays disabled: the browser's own submission
 * would put the visitor's details in the page's URL.
 */
export function LeadForm({ fields, kind, visitorId, sent, onSent, onDismiss }: LeadFormProps) {
  const text = useText().lead;
  const id = useId();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const [values, setValues] = useState<LeadValues>({});
  const [errors, setErrors] = useState<Partial<Record<LeadField, string>>>({});
  const [status, setStatus] = useState<{ kind: "idle" | "sending" } | { kind: "failed"; message: string }>({ kind: "idle" });
  const form = useRef<HTMLFormElement>(null);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    if (kind === "after") section.current?.scrollIntoView({ block: "nearest" });
  }, [kind]);

  const focus = (field: LeadField) => form.current?.querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus();

  async function send() {
    const problems = leadProblems(fields, values);
    const refused = fields.filter((field) => problems[field]);
    setErrors(Object.fromEntries(refused.map((field) => [field, text[problems[field]!][field]])));
    if (refused.length > 0) {
      focus(refused[0]);
      return;
    }
    setStatus({ kind: "sending" });
    const answer = await postLead(visitorId(), Object.fromEntries(fields.map((field) => [field, values[field] ?? ""])));
    if (answer.ok) {
      setStatus({ kind: "idle" });
      trackEvent(events.leadSent(currentSurface(), fields.length, answer.delivered));
      onSent(answer.delivered);
      return;
    }
    if (answer.field && fields.includes(answer.field)) {
      setErrors({ [answer.field]: answer.message ?? text.invalid[answer.field] });
      setStatus({ kind: "idle" });
      focus(answer.field);
      return;
    }
    setStatus({ kind: "failed", message: answer.code === "rate_limited" && answer.message ? answer.message : text.failed });
  }

  if (sent) {
    return (
      <section className="lead-form lead-form-done" aria-labelledby={`${id}-title`}>
        <p id={`${id}-title`} role="status">
          {sent.delivered ? text.sent : text.demoSent}
        </p>
      </section>
    );
  }

  const sending = status.kind === "sending";
  return (
    <section ref={section} className="lead-form" aria-labelledby={`${id}-title`} aria-describedby={`${id}-intro`}>
      <h2 id={`${id}-title`}>{kind === "before" ? text.title : text.offerTitle}</h2>
      <p id={`${id}-intro`} className="lead-intro">
        {kind === "before" ? text.intro : text.offerIntro}
      </p>
      <form
        ref={form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!sending) void send();
        }}
      >
        <div className="lead-fields">
          {fields.map((field) => {
            const error = errors[field];
            const hint = field === "phone" ? `${id}-phone-hint` : undefined;
            const described = [error ? `${id}-${field}-error` : undefined, hint].filter(Boolean).join(" ") || undefined;
            return (
              <div className="lead-field" key={field}>
                <label htmlFor={`${id}-${field}`}>{text[field]}</label>
                <input
                  id={`${id}-${field}`}
                  name={field}
                  {...INPUT[field]}
                  required
                  aria-invalid={error ? true : undefined}
                  aria-describedby={described}
                  maxLength={field === "phone" ? 32 : 254}
                  value={values[field] ?? ""}
                  onChange={(event) => {
                    const value = event.target.value;
                    setValues((previous) => ({ ...previous, [field]: value }));
                  }}
                />
                {hint && (
                  <p id={hint} className="lead-hint">
                    {text.phoneHint}
                  </p>
                )}
                {error && (
                  <p id={`${id}-${field}-error`} className="lead-error">
                    {error}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        {status.kind === "failed" && (
          <p className="lead-failed" role="alert">
            {status.message}
          </p>
        )}
        <div className="lead-actions">
          <button type="submit" className="button button-primary" disabled={!hydrated || sending}>
            {sending ? text.sending : status.kind === "failed" ? text.sendAgain : text.send}
          </button>
          {kind === "after" && (
            <button type="button" className="button button-quiet" onClick={onDismiss} disabled={sending}>
              {text.dismiss}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
