import { memo } from "react";
import { textOf, type ChatMessage } from "@/lib/chat/messages";

const INCOMPLETE_LABEL = {
  stopped: "Stopped: this reply is incomplete",
  failed: "Interrupted: this reply is incomplete",
} as const;

interface MessageProps {
  message: ChatMessage;
  streaming: boolean;
}

/** One turn. Memoised: a finished message keeps its props, so it does not re-render while another streams. */
export const Message = memo(function Message({ message, streaming }: MessageProps) {
  const mine = message.role === "user";
  const incomplete = message.metadata?.incomplete;
  return (
    <article
      className={`message ${mine ? "message-user" : "message-assistant"}`}
      data-role={message.role}
      data-streaming={streaming || undefined}
      data-incomplete={incomplete}
      aria-label={mine ? "You said" : "Assistant said"}
    >
      <div className="message-bubble">{textOf(message)}</div>
      {incomplete && <p className="message-note">{INCOMPLETE_LABEL[incomplete]}</p>}
    </article>
  );
});
