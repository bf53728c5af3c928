"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useConversations } from "@/hooks/use-conversations";
import { useMediaQuery } from "@/hooks/use-media-query";
import { useEmbedIdentity, useRemoteHistory } from "@/hooks/use-remote-history";
import { mergeSummaries } from "@/lib/chat/remote-history";
import { events, trackEvent } from "@/lib/chat/analytics";
import type { StoreNotice } from "@/lib/chat/conversation-store";
import { visitorId as keptVisitorId } from "@/lib/chat/visitor-id";
import type { ApiVersion } from "@/lib/config";
import type { Branding } from "@/lib/config/branding";
import type { LeadSettings } from "@/lib/config/lead";
import type { Messages } from "@/lib/i18n";
import { fill, plural, templateParts } from "@/lib/i18n/format";
import { Avatar } from "./avatar";
import { Conversation } from "./conversation";
import { ConversationList } from "./conversation-list";
import { EmbedClose } from "./embed-close";
import { ExportMenu } from "./export-menu";
import { useLanguage, useText } from "./i18n-provider";
import { ThemeToggle } from "./theme-toggle";

interface ChatProps {
  demo: boolean;
  apiVersion: ApiVersion;
  branding: Branding;
  /**
   * In embed.js's frame: compact at any width, with a Close button that tells the parent page (if it is allowed).
   * `identity`: the server checks signed-in visitors' claims (CHATBASE_IDENTITY_SECRET is set).
   */
  embed?: { parentOrigin: string | undefined; identity?: boolean };
  /** CHAT_LEAD_FORM and CHAT_LEAD_FIELDS. */
  lead?: LeadSettings;
}

const UNDO_FOR_MS = 8_000;

function noticeText(notice: StoreNotice, { notices }: Messages, language: string): string {
  switch (notice.kind) {
    case "set-aside":
      return plural(language, notices.setAside, notice.count);
    case "trimmed":
      return plural(language, notices.trimmed, notice.count);
    case "full":
      return notices.full;
    case "memory-only":
      return notices.memoryOnly;
  }
}

/** The demo notice, with the two variable names as code wherever the language puts them. */
function DemoNotice() {
  const text = useText();
  return (
    <p className="demo-notice" role="note">
      {templateParts(text.demo.notice).map((part, index) =>
        typeof part === "string" ? part : <code key={index}>{part.name === "apiKey" ? "CHATBASE_API_KEY" : "CHATBASE_CHATBOT_ID"}</code>,
      )}
    </p>
  );
}

/**
 * The whole page. It renders on the server as a new, empty conversation, so
 * the header, welcome and composer are in the HTML; the visitor's stored
 * conversations fill in after hydration. Whether the list is a sidebar or a
 * drawer is decided by CSS, so the server's HTML already has the right layout.
 */
export function ChatApp({ demo, apiVersion, branding, embed, lead }: ChatProps) {
  const text = useText();
  const language = useLanguage();
  const conversations = useConversations(apiVersion);
  const { live, removed, dismissRemoved } = conversations;
  const wide = useMediaQuery("(min-width: 900px)") && !embed;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawer = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const modal = !wide && drawerOpen;
  useEmbedIdentity(embed?.parentOrigin, embed?.identity === true);
  // A signed-in visitor's history from their account (v2 keeps conversations by user); v1 has no such list.
  const remote = useRemoteHistory(apiVersion === "v2" && embed?.identity === true, text.list.untitled);
  const summaries = useMemo(() => mergeSummaries(conversations.summaries, remote.summaries), [conversations.summaries, remote.summaries]);
  const [historyFailed, setHistoryFailed] = useState(false);
  const wasSignedIn = useRef(false);
  const { startNew } = conversations;

  // Signing out leaves the account's conversation that was open: the next visitor at this screen starts afresh.
  useEffect(() => {
    if (wasSignedIn.current && !remote.signedIn) startNew();
    wasSignedIn.current = remote.signedIn;
  }, [remote.signedIn, startNew]);

  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(dismissRemoved, UNDO_FOR_MS);
    return () => clearTimeout(timer);
  }, [removed, dismissRemoved]);

  useEffect(() => {
    if (!modal) return;
    drawer.current?.querySelector<HTMLElement>("button, input")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setDrawerOpen(false);
    };
    document.addEventListener("keydown", onKey);
    const button = menuButton.current;
    return () => {
      document.removeEventListener("keydown", onKey);
      // Back to the button that opened the drawer, once the page behind it is no longer inert.
      requestAnimationFrame(() => button?.focus());
    };
  }, [modal]);

  // The frame is made on the visitor's first open (embed.js), so its first render is the chat opened.
  const embedded = embed !== undefined;
  useEffect(() => {
    if (embedded) trackEvent(events.embedOpened());
  }, [embedded]);

  const closeDrawer = () => setDrawerOpen(false);
  const Sidebar = modal ? "div" : "nav";
  const leadVisitorId = () => conversations.visitorId || keptVisitorId(localStorage);

  return (
    <div className={embed ? "app app-compact" : "app"} data-loaded={conversations.loaded} data-identity={embed?.identity ? remote.status : undefined}>
      {modal && <div className="drawer-backdrop" onClick={closeDrawer} aria-hidden />}
      {/* A landmark beside the chat; on phones a modal dialog over it (a `nav` may not take the dialog role). */}
      <Sidebar
        ref={(node: HTMLElement | null) => {
          drawer.current = node;
        }}
        id="conversations"
        className={`sidebar${modal ? " sidebar-drawer" : ""}`}
        aria-label={text.header.conversations}
        {...(modal ? { role: "dialog", "aria-modal": true } : {})}
      >
        <div className="sidebar-head">
          <h2>{text.header.conversations}</h2>
          {modal && (
            <button type="button" className="icon-button" onClick={closeDrawer}>
              {text.header.close}
            </button>
          )}
        </div>
        <ConversationList
          summaries={summaries}
          currentId={live.id}
          onOpen={(id) => {
            const entry = summaries.find((summary) => summary.id === id);
            if (entry?.remote && entry.conversationId) {
              setHistoryFailed(false);
              remote.load(entry.conversationId).then(conversations.show, () => setHistoryFailed(true));
            } else conversations.open(id);
            closeDrawer();
          }}
          onRename={conversations.rename}
          onDelete={conversations.remove}
        />
      </Sidebar>
      {/* In a frame, the host page has its own main landmark: this one is told apart by its name. */}
      <main className="chat" inert={modal || undefined} aria-label={embed ? fill(text.embed.title, { botName: branding.botName }) : undefined}>
        <header className="chat-header">
          <button
            ref={menuButton}
            type="button"
            className="icon-button header-button menu-button"
            aria-label={text.header.conversations}
            aria-expanded={drawerOpen}
            aria-controls="conversations"
            onClick={() => setDrawerOpen(true)}
          >
            <svg aria-hidden width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M3 6h18M3 12h18M3 18h18" />
            </svg>
          </button>
          <Avatar branding={branding} />
          <h1>{branding.botName}</h1>
          {demo && <span className="badge">{text.header.demoBadge}</span>}
          <div className="header-actions">
            {/* First, so that its appearing once the stored conversations fill in moves nothing else. */}
            {conversations.summaries.some((s) => s.id === live.id) && (
              <ExportMenu botName={branding.botName} conversation={conversations.exportable} visitorId={conversations.visitorId} />
            )}
            <ThemeToggle />
            <button type="button" className="button button-quiet header-button" aria-label={text.header.newChat} onClick={conversations.startNew}>
              <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2">
                <path d="M12 5v14M5 12h14" />
              </svg>
              <span className="hide-small">{text.header.newChat}</span>
            </button>
            {embed && <EmbedClose parentOrigin={embed.parentOrigin} />}
          </div>
        </header>
        {demo && <DemoNotice />}
        {conversations.notices.length > 0 && (
          <div className="notice" role="status">
            <p>{conversations.notices.map((notice) => noticeText(notice, text, language)).join(" ")}</p>
            <button type="button" className="icon-button" onClick={conversations.dismissNotices}>
              {text.notices.dismiss}
            </button>
          </div>
        )}
        {historyFailed && (
          <div className="notice" role="status">
            <p>{text.notices.historyFailed}</p>
            <button type="button" className="icon-button" onClick={() => setHistoryFailed(false)}>
              {text.notices.dismiss}
            </button>
          </div>
        )}
        {removed && (
          <div className="notice" role="status">
            <p>{text.notices.deleted}</p>
            <button type="button" className="button button-quiet" onClick={conversations.undoRemove}>
              {text.notices.undo}
            </button>
          </div>
        )}
        <Conversation
          key={conversations.view}
          live={live}
          branding={branding}
          demo={demo}
          serverHistory={apiVersion === "v2"}
          onStartNew={conversations.startNew}
          lead={lead}
          visitorId={leadVisitorId}
        />
      </main>
    </div>
  );
}
