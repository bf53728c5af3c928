// Browser, imported by engine.ts before the AI SDK: the AI SDK validates the reply stream with zod, which probes for
// eval (`new Function`) to compile faster parsers when it builds an object schema. The page's Content-Security-Policy
// forbids eval, so the probe would be reported as a violation: zod is told not to try before the AI SDK's modules
// run. Here, with the AI SDK loaded on intent, rather than before the page's code, where zod would be in every
// page's first load for this one setting.
import { config } from "zod";

config({ jitless: true });
