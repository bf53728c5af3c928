import { parseArgs } from "node:util";
import { startStandin } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3210" },
    "api-key": { type: "string" },
    "chatbot-id": { type: "string" },
    /** v1 or v2: the reading endpoints then know the chatbot id under that API only (to try `npm run doctor`). */
    "id-version": { type: "string" },
    delay: { type: "string", default: "15" },
  },
});

const standin = await startStandin({
  port: Number(values.port),
  apiKey: values["api-key"],
  chatbotId: values["chatbot-id"],
  idVersion: values["id-version"] === "v1" || values["id-version"] === "v2" ? values["id-version"] : undefined,
  chunkDelayMs: Number(values.delay),
});
console.log(`Chatbase stand-in listening on ${standin.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void standin.close().then(() => process.exit(0));
  });
}
