"use client";

import { useRef } from "react";
import { toJson, toMarkdown, type StoredConversation } from "@/lib/chat/conversation-store";
import { useText } from "./i18n-provider";

interface ExportMenuProps {
  conversation: () => StoredConversation;
  botName: string;
  /** Included so the owner can find the visitor's conversations in Chatbase. */
  visitorId?: string;
}

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function fileName(conversation: StoredConversation): string {
  const stamp = new Date(conversation.updatedAt || Date.now()).toISOString().slice(0, 10);
  return `conversation-${stamp}`;
}

export function ExportMenu({ conversation, botName, visitorId }: ExportMenuProps) {
  const text = useText();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute("open");
  return (
    <details className="menu" ref={menu}>
      <summary className="icon-button header-button">{text.header.export}</summary>
      <div className="menu-items">
        <button
          type="button"
          onClick={() => {
            const current = conversation();
            download(`${fileName(current)}.md`, "text/markdown;charset=utf-8", toMarkdown(current, botName, { you: text.export.you, untitled: text.list.untitled, visitorId: text.export.visitorId }, visitorId));
            close();
          }}
        >
          {text.header.exportMarkdown}
        </button>
        <button
          type="button"
          onClick={() => {
            const current = conversation();
            download(`${fileName(current)}.json`, "application/json", toJson(current, visitorId));
            close();
          }}
        >
          {text.header.exportJson}
        </button>
      </div>
    </details>
  );
}
