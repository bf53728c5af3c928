"use client";

import { useRef } from "react";
import { toJson, toMarkdown, type StoredConversation } from "@/lib/chat/conversation-store";

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
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute("open");
  return (
    <details className="menu" ref={menu}>
      <summary className="icon-button header-button">Export</summary>
      <div className="menu-items">
        <button
          type="button"
          onClick={() => {
            const current = conversation();
            download(`${fileName(current)}.md`, "text/markdown;charset=utf-8", toMarkdown(current, botName, visitorId));
            close();
          }}
        >
          Export as Markdown
        </button>
        <button
          type="button"
          onClick={() => {
            const current = conversation();
            download(`${fileName(current)}.json`, "application/json", toJson(current, visitorId));
            close();
          }}
        >
          Export as JSON
        </button>
      </div>
    </details>
  );
}
