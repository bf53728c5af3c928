import { createStandin } from "./standin/handler.ts";

/** Pause between the demo bot's words: fast enough to read along, slow enough to see it stream. */
const DEMO_WORD_DELAY_MS = 30;

const demoBot = createStandin({ chunkDelayMs: DEMO_WORD_DELAY_MS });

/**
 * The demo bot behind a `fetch`: it answers in Chatbase's own wire format, so
 * demo mode runs through exactly the code that talks to Chatbase.
 */
export const demoFetch: typeof fetch = async (input, init) => demoBot.handle(new Request(input, init));
