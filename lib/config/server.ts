import { loadConfig, type AppConfig } from "./index.ts";

let cached: AppConfig | undefined;

/** The process's configuration, read once: environment variables do not change while a server runs. */
export function serverConfig(): AppConfig {
  cached ??= loadConfig(process.env);
  return cached;
}
