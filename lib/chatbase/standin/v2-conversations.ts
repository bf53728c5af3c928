/**
 * The stand-in's memory of v2 conversations: each message with its id, so
 * that feedback and retry (Chatbase's endpoints beyond chat) behave as the
 * docs describe. Bounded, oldest conversation forgotten first.
 */

export type Feedback = "positive" | "negative" | null;

export interface StoredMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  /** The visitor's message this reply answers (with its `[[…]]` directives), for a retry. */
  question?: string;
  feedback: Feedback;
  createdAt: number;
}

const MAX_CONVERSATIONS = 10_000;

/** A conversation as Chatbase's reading endpoints describe it. */
export interface ConversationInfo {
  id: string;
  /** Set when the conversation was created, as Chatbase does: later turns cannot change it. */
  userId?: string;
  status: "ongoing";
  createdAt: number;
  updatedAt: number;
}

export function createConversationLog() {
  const conversations = new Map<string, StoredMessage[]>();
  const infos = new Map<string, ConversationInfo>();
  let sequence = 0;

  function nextId(prefix: string): string {
    sequence += 1;
    return `${prefix}_${Date.now().toString(36)}_${sequence}_${Math.random().toString(36).slice(2, 8)}`;
  }

  function messagesOf(conversationId: string): StoredMessage[] {
    let messages = conversations.get(conversationId);
    if (messages) conversations.delete(conversationId);
    else messages = [];
    conversations.set(conversationId, messages);
    if (conversations.size > MAX_CONVERSATIONS) {
      const oldest = conversations.keys().next().value as string;
      conversations.delete(oldest);
      infos.delete(oldest);
    }
    return messages;
  }

  function touch(conversationId: string, userId: string | undefined, at: number) {
    const info = infos.get(conversationId);
    if (info) info.updatedAt = at;
    else infos.set(conversationId, { id: conversationId, ...(userId ? { userId } : {}), status: "ongoing", createdAt: at, updatedAt: at });
  }

  return {
    nextId,
    /** Records a visitor's message and the reply to it (made knowing which turn this is); returns both ids. */
    addTurn(conversationId: string, question: string, reply: (turn: number) => string, userId?: string) {
      const messages = messagesOf(conversationId);
      const createdAt = Math.floor(Date.now() / 1000);
      touch(conversationId, userId, createdAt);
      const turn = messages.filter((m) => m.role === "user").length + 1;
      const text = reply(turn);
      const user: StoredMessage = { id: nextId("msg_u"), role: "user", text: question, feedback: null, createdAt };
      const assistant: StoredMessage = { id: nextId("msg_a"), role: "assistant", text, question, feedback: null, createdAt };
      messages.push(user, assistant);
      return { userMessageId: user.id, messageId: assistant.id, turn, text };
    },
    /**
     * Cuts the conversation at an assistant message and answers its question again,
     * as Chatbase's retry does; undefined when there is no such message.
     */
    retry(conversationId: string, messageId: string, reply: (question: string, turn: number) => string) {
      const messages = conversations.get(conversationId);
      const index = messages?.findIndex((m) => m.id === messageId && m.role === "assistant") ?? -1;
      if (!messages || index < 0) return undefined;
      const question = messages[index].question ?? "";
      messages.splice(index);
      const turn = messages.filter((m) => m.role === "user").length;
      const assistant: StoredMessage = {
        id: nextId("msg_a"),
        role: "assistant",
        text: reply(question, turn),
        question,
        feedback: null,
        createdAt: Math.floor(Date.now() / 1000),
      };
      messages.push(assistant);
      return { question, messageId: assistant.id, userMessageId: messages[index - 1]?.id, text: assistant.text };
    },
    info(conversationId: string): ConversationInfo | undefined {
      return infos.get(conversationId);
    },
    messages(conversationId: string): StoredMessage[] | undefined {
      return conversations.get(conversationId);
    },
    /** A user's conversations, most recently active first (in the same second, the newer one first). */
    ofUser(userId: string): ConversationInfo[] {
      return [...infos.values()]
        .filter((info) => info.userId === userId)
        .reverse()
        .sort((a, b) => b.updatedAt - a.updatedAt);
    },
    find(conversationId: string, messageId: string): StoredMessage | undefined {
      return conversations.get(conversationId)?.find((m) => m.id === messageId);
    },
  };
}
