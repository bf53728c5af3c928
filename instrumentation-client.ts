import { config } from "zod";

// The AI SDK validates the reply stream with zod, which probes for eval to compile faster parsers. The
// page's Content-Security-Policy forbids eval, so the probe would be reported as a violation on every
// page: tell zod not to try.
config({ jitless: true });
