"use client";

import { useEffect, useState } from "react";
import { useText } from "./i18n-provider";

interface CopyButtonProps {
  text: () => string;
  label: string;
  className?: string;
}

/** Copies on click and says so for a moment. */
export function CopyButton({ text, label, className = "icon-button" }: CopyButtonProps) {
  const words = useText().message;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={className}
      aria-label={copied ? words.copied : label}
      onClick={() => {
        void navigator.clipboard?.writeText(text()).then(() => setCopied(true));
      }}
    >
      {copied ? words.copied : words.copy}
    </button>
  );
}
