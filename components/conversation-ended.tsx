"use client";

import { useText } from "./i18n-provider";

/** Shown in place of the error when Chatbase will take no more messages in this conversation. */
export function ConversationEnded({ onStartNew }: { onStartNew: () => void }) {
  const words = useText().agent;
  return (
    <div className="conversation-ended" role="status">
      <p>{words.conversationEnded}</p>
      <button type="button" className="button button-send" onClick={onStartNew}>
        {words.startNewChat}
      </button>
    </div>
  );
}
