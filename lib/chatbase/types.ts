export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** What a Chatbase reply is made of, whichever wire format carried it. */
export type ChatEvent =
  | { type: "text"; text: string }
  | { type: "conversation"; conversationId: string };
