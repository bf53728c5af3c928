// Server only: the process's held replies, in Redis when REDIS_URL is set, else in this server's memory.
import "server-only";
import { serverConfig } from "../config/server.ts";
import { MemoryReplyHolder, type ReplyHolder } from "./held-replies.ts";
import { RedisReplyHolder } from "./held-replies-redis.ts";

/**
 * Per server: 2,000 replies, 48 M characters of events (about 48 MB: the events are JSON, one byte a
 * character for most text). Ordinary replies are a few KB; at the bound finished replies go first.
 */
export const HELD_REPLY_BOUNDS = { maxReplies: 2_000, maxChars: 48 * 1024 * 1024 };

let holder: ReplyHolder | undefined;

export function serverReplies(): ReplyHolder {
  if (holder) return holder;
  const config = serverConfig();
  const holdMs = config.replyHoldSeconds * 1_000;
  const local = new MemoryReplyHolder({ ...HELD_REPLY_BOUNDS, holdMs });
  // A reply whose writer went quiet for twice Chatbase's own silence limit will not grow again.
  holder = config.guard.redisUrl ? new RedisReplyHolder(config.guard.redisUrl, local, { holdMs, idleMs: 2 * config.timeoutMs }) : local;
  return holder;
}
