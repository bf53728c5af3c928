import { V2_TEXT } from "@/lib/chat/v2-text";

/** Shown in place of the error when Chatbase will take no more messages in this conversation. */
export function ConversationEnded({ onStartNew }: { onStartNew: () => void }) {
  return (
    <div className="conversation-ended" role="status">
      <p>{V2_TEXT.conversationEnded}</p>
      <button type="button" className="button button-send" onClick={onStartNew}>
        {V2_TEXT.startNewChat}
      </button>
    </div>
  );
}
