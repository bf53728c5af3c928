import type { Plural } from "../format.ts";

const plural = (forms: Plural): Plural => forms;

const UNAVAILABLE = "The assistant is not available right now. Please try again later.";

/**
 * Every sentence of the page and of the API's error messages, in English: the source of truth.
 * Every other catalog has this shape (a missing or extra key fails the type check) and keeps the
 * same `{placeholders}`. The owner's own texts (bot name, welcome, starter prompts) are not here.
 */
export const en = {
  meta: { description: "Chat with {botName}." },
  header: {
    conversations: "Conversations",
    close: "Close",
    demoBadge: "Demo",
    newChat: "New chat",
    export: "Export",
    exportMarkdown: "Export as Markdown",
    exportJson: "Export as JSON",
    darkTheme: "Switch to dark theme",
    lightTheme: "Switch to light theme",
  },
  demo: {
    notice: "Demo mode: answers come from a built-in demo bot. Set {apiKey} and {chatbotId} to connect your own Chatbase chatbot.",
    prompts: ["How do I connect my chatbot?", "How do I deploy to Vercel?", "How does streaming work?"],
  },
  welcome: {
    /** The bot's name when the owner set no CHAT_BOT_NAME. */
    botName: "Assistant",
    /** Shown when the owner set no CHAT_WELCOME_MESSAGE. */
    message: "Hi! How can I help you today?",
    suggestions: "Suggested questions",
  },
  notices: {
    setAside: plural({
      one: "A saved conversation could not be read and was set aside.",
      other: "{count} saved conversations could not be read and were set aside.",
    }),
    trimmed: plural({
      one: "Browser storage is full: the oldest conversation was removed to make room.",
      other: "Browser storage is full: the {count} oldest conversations were removed to make room.",
    }),
    full: "Browser storage is full: this conversation is kept only while the page stays open.",
    memoryOnly: "This browser does not let the chat save conversations here: they are kept only while the page stays open.",
    dismiss: "Dismiss",
    deleted: "Conversation deleted.",
    undo: "Undo",
    /** A conversation from the visitor's account (a signed-in visitor on the owner's site) failed to load. */
    historyFailed: "Your earlier conversation could not be loaded. Please try again.",
  },
  list: {
    empty: "Your conversations will appear here.",
    name: "Conversation name",
    save: "Save",
    rename: "Rename {title}",
    delete: "Delete {title}",
    untitled: "New conversation",
  },
  conversation: {
    label: "Conversation",
    jumpToLatest: "Jump to latest",
    replying: "{botName} is replying…",
    failed: "The reply failed.",
    stopped: "Reply stopped.",
    finished: "Reply finished.",
    retry: "Retry",
    codeFailed: "Part of the chat did not load. Check your connection and try again; your messages are kept.",
  },
  composer: {
    label: "Message",
    placeholder: "Type a message…",
    send: "Send",
    stop: "Stop",
  },
  message: {
    you: "You said",
    assistant: "Assistant said",
    stoppedNote: "Stopped: this reply is incomplete",
    interruptedNote: "Interrupted: this reply is incomplete",
    copy: "Copy",
    copied: "Copied",
    copyReply: "Copy reply",
    copyCode: "Copy code",
    code: "code",
    image: "image",
    regenerate: "Regenerate",
    edit: "Edit",
    editLabel: "Edit message",
    cancel: "Cancel",
    saveAndSend: "Save and send",
  },
  /** Headings in an exported conversation. */
  export: { you: "You", visitorId: "Visitor id" },
  /** Failures the page cannot tie to one of the API's codes. */
  errors: {
    service: "The chat service answered with an error. Please try again.",
    connection: "The connection was lost. Check your connection and try again.",
    unknown: "Something went wrong. Please try again.",
  },
  /** The visitor's sentence for each `code` the API answers with. */
  apiErrors: {
    rate_limited: "The assistant is receiving too many messages right now. Please wait a moment and try again.",
    upstream_bad_request: "The assistant could not process this message. Please try rephrasing it.",
    upstream_unauthorized: UNAVAILABLE,
    upstream_forbidden: UNAVAILABLE,
    upstream_credits_exhausted: UNAVAILABLE,
    upstream_not_found: UNAVAILABLE,
    upstream_error: "The assistant ran into a problem. Please try again.",
    upstream_unreachable: "The assistant could not be reached. Please try again in a moment.",
    upstream_invalid_response: "The assistant sent a reply that could not be read. Please try again.",
    upstream_timeout: "The assistant took too long to answer. Please try again.",
    upstream_interrupted: "The reply was interrupted. Please try again.",
    upstream_maintenance: "The chat is under maintenance. Please try again in a few minutes.",
    conversation_ended: "This conversation has ended. Start a new chat to keep talking.",
    retry_unavailable: "This reply can no longer be regenerated. Please send your message again.",
    message_not_found: "That message is not known to the assistant.",
    feedback_not_accepted: "Feedback can only be given on the assistant's replies.",
    feedback_unavailable: "Feedback is not available for this chat.",
    aborted: "The request was cancelled.",
    not_configured: "This chat is not set up yet. Please try again later.",
    bot_detected: "This request looked automated, so it was refused. If you're a person, reload the page and try again.",
    reply_not_found: "This reply is no longer available. Please try again.",
    forbidden_origin: "This chat can only be used from its own page.",
    invalid_json: "The request body must be JSON.",
    invalid_request: "The request is not valid.",
    message_too_long: "The message is {length} characters long; the limit is {limit}.",
    body_too_large: "The request body is larger than {max} bytes.",
    invalid_body: "The request body could not be read.",
    invalid_encoding: "The request body is not valid UTF-8.",
    method_not_allowed: "This request method is not allowed here.",
    internal_error: "Something went wrong on our side. Please try again.",
    identity_required: "Sign in on this site to see your earlier conversations.",
    history_unavailable: "Earlier conversations are not available for this chat.",
    conversation_not_found: "That conversation could not be found.",
  },
  /** Our own rate limit's two sentences (code `rate_limited`). */
  rateLimit: {
    perMinute: plural({
      one: "You're sending messages too quickly. Please wait {count} second and try again.",
      other: "You're sending messages too quickly. Please wait {count} seconds and try again.",
    }),
    perDay: "You've reached today's limit of messages. Please come back tomorrow.",
    /** /api/feedback's own limit: thumbs clicks, counted apart from messages. */
    feedback: "You're rating replies too quickly. Please wait a little and try again.",
  },
  /** Chatbase's agent API (v2): feedback, ended conversations, actions. */
  agent: {
    goodResponse: "Good response",
    badResponse: "Bad response",
    feedbackFailed: "Couldn't save your feedback",
    conversationEnded: "This conversation has ended. Start a new chat to keep talking.",
    startNewChat: "Start a new chat",
    usedAction: "Used: {name}",
    unsupportedAction: "This reply needs an action this page cannot run.",
    emptyReply: "The reply was empty.",
    feedbackGroup: "Rate this reply",
    feedbackSaved: "Thanks for your feedback.",
    feedbackCleared: "Feedback removed.",
    runningAction: "Using: {name}…",
    failedAction: "Could not use: {name}",
    neededAction: "Needs: {name}",
    actionsLabel: "Actions",
  },
  /** The chat as a button and panel on another site. */
  embed: {
    open: "Open chat",
    close: "Close chat",
    title: "{botName} chat",
  },
  notFound: {
    title: "Page not found",
    back: "Back to the chat",
  },
};

export type Messages = typeof en;
export type ApiErrorCode = keyof Messages["apiErrors"];
