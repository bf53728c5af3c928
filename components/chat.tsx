"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useConversations } from "@/hooks/use-conversations";
import { useMediaQuery } from "@/hooks/use-media-query";
import type { StoreNotice } from "@/lib/chat/conversation-store";
import type { ChatMessage } from "@/lib/chat/messages";
import type { ApiVersion } from "@/lib/config";
import type { Branding } from "@/lib/config/branding";
import { Avatar } from "./avatar";
import { Conversation } from "./conversation";
import { ConversationList } from "./conversation-list";
import { ExportMenu } from "./export-menu";
import { ThemeToggle } from "./theme-toggle";

interface ChatProps {
  demo: boolean;
  apiVersion: ApiVersion;
  branding: Branding;
}

const subscribeNever = () => () => {};
const UNDO_FOR_MS = 8_000;

function noticeText(notice: StoreNotice): string {
  switch (notice.kind) {
    case "set-aside":
      return `${notice.count === 1 ? "A saved conversation" : `${notice.count} saved conversations`} could not be read and ${notice.count === 1 ? "was" : "were"} set aside.`;
    case "trimmed":
      return `Browser storage is full: the ${notice.count === 1 ? "oldest conversation was" : `${notice.count} oldest conversations were`} removed to make room.`;
    case "full":
      return "Browser storage is full: this conversation is kept only while the page stays open.";
  }
}

function LoadedChat({ demo, apiVersion, branding }: ChatProps) {
  const conversations = useConversations(apiVersion);
  const { current, removed, dismissRemoved } = conversations;
  const wide = useMediaQuery("(min-width: 900px)");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const messagesRef = useRef<(() => ChatMessage[]) | null>(null);
  const drawer = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const showList = wide || drawerOpen;
  const modal = !wide && drawerOpen;

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

  const closeDrawer = () => setDrawerOpen(false);

  return (
    <div className="app">
      {showList && (
        <>
          {modal && <div className="drawer-backdrop" onClick={closeDrawer} aria-hidden />}
          <nav
            ref={drawer}
            id="conversations"
            className={`sidebar${modal ? " sidebar-drawer" : ""}`}
            aria-label="Conversations"
            {...(modal ? { role: "dialog", "aria-modal": true } : {})}
          >
            <div className="sidebar-head">
              <h2>Conversations</h2>
              {modal && (
                <button type="button" className="icon-button" onClick={closeDrawer}>
                  Close
                </button>
              )}
            </div>
            <ConversationList
              summaries={conversations.summaries}
              currentId={current.id}
              onOpen={(id) => {
                conversations.open(id);
                closeDrawer();
              }}
              onRename={conversations.rename}
              onDelete={conversations.remove}
            />
          </nav>
        </>
      )}
      <main className="chat" inert={modal || undefined}>
        <header className="chat-header">
          {!wide && (
            <button
              ref={menuButton}
              type="button"
              className="icon-button header-button"
              aria-label="Conversations"
              aria-expanded={drawerOpen}
              aria-controls="conversations"
              onClick={() => setDrawerOpen(true)}
            >
              <svg aria-hidden width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M3 6h18M3 12h18M3 18h18" />
              </svg>
            </button>
          )}
          <Avatar branding={branding} />
          <h1>{branding.botName}</h1>
          {demo && <span className="badge">Demo</span>}
          <div className="header-actions">
            <ThemeToggle />
            {conversations.summaries.some((s) => s.id === current.id) && (
              <ExportMenu
                botName={branding.botName}
                conversation={() => ({ ...current, messages: messagesRef.current?.() ?? current.messages })}
                visitorId={conversations.visitorId}
              />
            )}
            <button type="button" className="button button-quiet header-button" aria-label="New chat" onClick={conversations.startNew}>
              <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2">
                <path d="M12 5v14M5 12h14" />
              </svg>
              <span className="hide-small">New chat</span>
            </button>
          </div>
        </header>
        {demo && (
          <p className="demo-notice" role="note">
            Demo mode: answers come from a built-in demo bot. Set <code>CHATBASE_API_KEY</code> and{" "}
            <code>CHATBASE_CHATBOT_ID</code> to connect your own Chatbase chatbot.
          </p>
        )}
        {conversations.notices.length > 0 && (
          <div className="notice" role="status">
            <p>{conversations.notices.map(noticeText).join(" ")}</p>
            <button type="button" className="icon-button" onClick={conversations.dismissNotices}>
              Dismiss
            </button>
          </div>
        )}
        {removed && (
          <div className="notice" role="status">
            <p>Conversation deleted.</p>
            <button type="button" className="button button-quiet" onClick={conversations.undoRemove}>
              Undo
            </button>
          </div>
        )}
        <Conversation
          key={current.id}
          stored={current}
          external={conversations.external}
          saveMessages={conversations.saveMessages}
          messagesRef={messagesRef}
          branding={branding}
          demo={demo}
          serverHistory={apiVersion === "v2"}
          visitorId={conversations.visitorId}
          onEnded={conversations.markEnded}
          onStartNew={conversations.startNew}
        />
      </main>
    </div>
  );
}

/** The conversations live in localStorage, so the chat renders once the page runs in the browser. */
export function ChatApp(props: ChatProps) {
  const inBrowser = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  return inBrowser ? <LoadedChat {...props} /> : <div className="app" aria-busy="true" />;
}
