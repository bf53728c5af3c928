/**
 * Every visitor-facing sentence the v2 features (feedback, regenerate,
 * ended conversations, actions) add to the page, in one place so that they
 * can move into the language catalog as they are.
 */
export const V2_TEXT = {
  goodResponse: "Good response",
  badResponse: "Bad response",
  feedbackGroup: "Rate this reply",
  feedbackSaved: "Thanks for your feedback.",
  feedbackCleared: "Feedback removed.",
  feedbackFailed: "Couldn't save your feedback. Please try again.",
  conversationEnded: "This conversation has ended, so it cannot take new messages. Your earlier messages stay here.",
  startNewChat: "Start a new chat",
  emptyReply: "The assistant sent no text in this reply.",
  actionUsed: (name: string) => `Used: ${name}`,
  actionRunning: (name: string) => `Using: ${name}…`,
  actionFailed: (name: string) => `Could not use: ${name}`,
  actionUnsupported: (name: string) => `Needs: ${name}`,
  clientActionNote:
    "This reply needs an action that only the chatbot's own widget can run, so it stops here. Try asking in another way, or contact the site's owner.",
} as const;
