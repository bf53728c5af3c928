// Server only: what the routes use of the Chatbase client, which holds the key.
import "server-only";
export { openChatStream, type ChatReply, type OpenChatOptions } from "./client.ts";
export { demoFetch } from "./demo.ts";
export { ChatbaseError, isChatbaseError, type ChatbaseErrorCode } from "./errors.ts";
export { sendFeedback, type FeedbackInput } from "./feedback.ts";
export type { Feedback } from "./request.ts";
export type { ActionState, ChatEvent, ChatTurn } from "./types.ts";
export { userConversation, userHistory, HISTORY_BOUNDS, type HistoryConversation, type HistoryEntry } from "./history.ts";
