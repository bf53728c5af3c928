export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** Where a Custom Action (a tool call) stands: Chatbase ran it, is running it, or it failed. */
export type ActionState = "running" | "done" | "failed";

/** What a Chatbase reply is made of, whichever wire format carried it. */
export type ChatEvent =
  | { type: "text"; text: string }
  | { type: "conversation"; conversationId: string }
  /** v2: the id of the assistant message being streamed, needed for feedback and retry. */
  | { type: "message"; messageId: string }
  /** v2: a Custom Action the agent used while answering, by its call id. */
  | { type: "action"; id: string; name: string; state: ActionState }
  /** v2: why the reply ended, when Chatbase says (`tool-calls`: it waits for an action this page cannot run). */
  | { type: "finish"; finishReason: string };
