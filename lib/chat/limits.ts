/**
 * Bounds on one request to /api/chat. The page trims what it sends to fit,
 * and the server refuses anything larger. Documented in the README.
 */
export const LIMITS = {
  /** The whole JSON body, refused while it is read. */
  maxBodyBytes: 512 * 1024,
  /** Messages of history sent with one turn (the page sends the latest ones). */
  maxMessages: 100,
  /** The visitor's new message. */
  maxUserMessageChars: 4_000,
  /** Any one earlier message, replies included. */
  maxMessageChars: 32_000,
  maxConversationIdChars: 128,
} as const;
