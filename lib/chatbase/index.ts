export { openChatStream, type ChatReply, type OpenChatOptions } from "./client.ts";
export { demoFetch } from "./demo.ts";
export { ChatbaseError, isChatbaseError, type ChatbaseErrorCode } from "./errors.ts";
export type { ChatEvent, ChatTurn } from "./types.ts";
