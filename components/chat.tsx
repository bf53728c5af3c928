"use client";

import { useSyncExternalStore } from "react";
import { useStoredConversation } from "@/hooks/use-stored-conversation";
import type { ApiVersion } from "@/lib/config";
import { Conversation } from "./conversation";

interface ChatProps {
  demo: boolean;
  apiVersion: ApiVersion;
}

const subscribeNever = () => () => {};

function Welcome({ demo }: { demo: boolean }) {
  return (
    <div className="welcome">
      <h2>How can I help?</h2>
      <p>
        {demo
          ? "Ask the demo bot how to connect your Chatbase chatbot, how to deploy, or how streaming works."
          : "Ask a question and the answer will appear as it is written."}
      </p>
    </div>
  );
}

function LoadedChat({ demo, apiVersion }: ChatProps) {
  const { conversation, saveMessages, startNew } = useStoredConversation(apiVersion);
  return (
    <>
      <header className="chat-header">
        <h1>Chat</h1>
        {demo && <span className="badge">Demo</span>}
        <button type="button" className="button button-quiet" onClick={startNew}>
          New chat
        </button>
      </header>
      {demo && (
        <p className="demo-notice" role="note">
          Demo mode: answers come from a built-in demo bot. Set <code>CHATBASE_API_KEY</code> and{" "}
          <code>CHATBASE_CHATBOT_ID</code> to connect your own Chatbase chatbot.
        </p>
      )}
      <Conversation
        key={conversation.id}
        stored={conversation}
        saveMessages={saveMessages}
        empty={<Welcome demo={demo} />}
      />
    </>
  );
}

/** The conversation lives in localStorage, so the chat renders once the page runs in the browser. */
export function ChatApp(props: ChatProps) {
  const inBrowser = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  return <main className="chat">{inBrowser ? <LoadedChat {...props} /> : <div className="chat-loading" aria-hidden />}</main>;
}
