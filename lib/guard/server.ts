// Server only: the guard the API routes run, with its rate-limit store.
import "server-only";
import { serverConfig } from "../config/server.ts";
import { createGuard, type RequestGuard } from "./index.ts";

let guard: RequestGuard | undefined;

/** The process's guard: one set of counts (and one Redis connection) per server instance. */
export function serverGuard(): RequestGuard {
  guard ??= createGuard(serverConfig().guard);
  return guard;
}
