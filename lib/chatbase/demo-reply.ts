/**
 * What the built-in demo bot says, used by the demo responder (`demo.ts`) and by the test stand-in, so that
 * tests can compute the exact reply either streams for a given question. Deterministic; runs anywhere.
 */

const INTRO =
  "Hi! I'm the demo bot of this chat page. The page is running without a Chatbase key, so I answer from a few built-in notes instead of a trained chatbot.";

const TOPICS: { match: RegExp; answer: string }[] = [
  {
    match: /\b(connect|key|chatbot id|configure|config|setup|set up|env|variable)/i,
    answer:
      "To connect your own chatbot, set two environment variables and restart:\n\n" +
      "1. `CHATBASE_API_KEY`: a secret key from your Chatbase dashboard (**Workspace settings → API keys**).\n" +
      "2. `CHATBASE_CHATBOT_ID`: the id of your chatbot (its **Settings** page).\n\n" +
      "Set `CHATBASE_API_VERSION=v2` to use Chatbase's agent API instead of v1. The key stays on the server: the browser only ever talks to `/api/chat`.",
  },
  {
    match: /\b(deploy|vercel|host|production)/i,
    answer:
      "To deploy, push this repository to GitHub and import it in **Vercel**. Add `CHATBASE_API_KEY` and `CHATBASE_CHATBOT_ID` in the project's environment variables, then deploy. Replies stream from a Node.js function, word by word, just like here.",
  },
  {
    match: /\b(api|curl|endpoint|code)\b/i,
    answer:
      "Anything that can read a stream can use this page's API. For example:\n\n" +
      "```bash\ncurl -N http://localhost:3000/api/chat \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}'\n```\n\n" +
      "Send `Accept: text/event-stream` to get the AI SDK's UI message stream instead of plain text.",
  },
  {
    match: /\b(stream|fast|speed|word)/i,
    answer:
      "Replies stream: the server passes on each piece of Chatbase's answer the moment it arrives, and the page shows the words as they come. Press **Stop** (or Escape) at any time to keep what has arrived so far.",
  },
  {
    match: /\b(privacy|store|storage|history|data)/i,
    answer:
      "Your conversations are kept in this browser only (localStorage), so a reload brings them back. With a real Chatbase key, each conversation also appears in the chatbot owner's Chatbase dashboard.",
  },
];

const FALLBACK =
  "This page is a self-hosted chat window for a Chatbase chatbot. Ask me how to connect a chatbot, how to deploy to Vercel, how to call the API, how streaming works, or where conversations are stored.";

/** Which of the demo's topics a question is about: an index into its answers, or -1 for the general one. */
export function demoTopic(question: string): number {
  return TOPICS.findIndex(({ match }) => match.test(question));
}

/**
 * The answer on a topic. The first turn introduces the bot; a later one says which message it is, when the
 * turn is known (v2 keeps the history on Chatbase's side, so the demo does not know it there).
 */
export function demoAnswer(topic: number, turn: number | undefined): string {
  const answer = TOPICS[topic]?.answer ?? FALLBACK;
  if (turn !== undefined && turn <= 1) return `${INTRO}\n\n${answer}`;
  return turn === undefined ? answer : `${answer}\n\n(This is message ${turn} of our conversation.)`;
}

export function demoReply(question: string, turn: number): string {
  return demoAnswer(demoTopic(question), turn);
}
