/**
 * The servers the e2e and route tests run against, all on loopback: the
 * Chatbase stand-in and one built app (`next start`) per configuration.
 */
/** Set E2E_PORT_BASE to run a second copy of the suite on the same machine without clashing. */
const BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
export const STANDIN_PORT = BASE + 110;
export const STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}`;

/** A marker key: tests assert it never appears in anything the app sends. */
export const TEST_API_KEY = "sk-e2e-MARKER-7f3a9c1e5b";
export const TEST_CHATBOT_ID = "e2e-bot";
export const UPSTREAM_TIMEOUT_MS = 1_500;

export const APPS = {
  demo: { port: BASE + 0, env: {} },
  v1: { port: BASE + 1, env: { CHATBASE_API_KEY: TEST_API_KEY, CHATBASE_CHATBOT_ID: TEST_CHATBOT_ID, CHATBASE_BASE_URL: STANDIN_URL } },
  v2: {
    port: BASE + 2,
    env: { CHATBASE_API_KEY: TEST_API_KEY, CHATBASE_CHATBOT_ID: TEST_CHATBOT_ID, CHATBASE_BASE_URL: STANDIN_URL, CHATBASE_API_VERSION: "v2" },
  },
  unconfigured: { port: BASE + 3, env: { CHATBASE_API_KEY: TEST_API_KEY } },
  branded: {
    port: BASE + 5,
    env: {
      CHATBASE_API_KEY: TEST_API_KEY,
      CHATBASE_CHATBOT_ID: TEST_CHATBOT_ID,
      CHATBASE_BASE_URL: STANDIN_URL,
      CHAT_BOT_NAME: "Acme Helper",
      CHAT_WELCOME_MESSAGE: "Welcome to Acme! Ask about orders, returns or opening hours.",
      CHAT_STARTER_PROMPTS: "Where is my order?|What are your opening hours?|How do returns work?|Talk to a human",
      CHAT_ACCENT_COLOR: "#fde047",
      CHAT_AVATAR_URL: "/icon.svg",
    },
  },
  /** Port 9 on loopback has nothing listening: every call to "Chatbase" is refused. */
  unreachable: { port: BASE + 4, env: { CHATBASE_API_KEY: TEST_API_KEY, CHATBASE_CHATBOT_ID: TEST_CHATBOT_ID, CHATBASE_BASE_URL: "http://127.0.0.1:9" } },
} as const;

export type AppName = keyof typeof APPS;

export const appUrl = (name: AppName) => `http://127.0.0.1:${APPS[name].port}`;
