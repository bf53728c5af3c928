// Server only: replies kept after the browser's connection closed, so the browser can pick them up again.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Where a reply's encoded SSE events are held while Chatbase writes it and for a while after it ended.
 * Event i is the i-th UI message chunk (the `start` chunk is 0), as the browser was sent it. A reply is
 * only ever read by the visitor whose POST opened it: anything else is `undefined`, whatever the reason.
 */
export interface ReplyHolder {
  /** Starts holding a reply; `stop` aborts its Chatbase request. `undefined`: full, the reply is not held. */
  open(replyId: string, visitorId: string, stop: () => void): ReplyWriter | undefined;
  /** The reply's events from index `from` on, then the live ones until it ends. */
  read(replyId: string, visitorId: string, from: number): Promise<ReadableStream<string> | undefined>;
  /** Aborts the reply's Chatbase request, wherever it is read; false when unknown or not this visitor's. */
  stop(replyId: string, visitorId: string): Promise<boolean>;
}

export interface ReplyWriter {
  push(event: string): void;
  end(): void;
  /** The events from `from` on, live, for the browser that opened the reply. */
  follow(from: number): ReadableStream<string>;
}

export interface HolderBounds {
  /** Milliseconds a reply stays after it ended. */
  holdMs: number;
  maxReplies: number;
  /** Characters of events held in all, live replies included. */
  maxChars: number;
}

/** Only a digest of the visitor id is kept: a held reply names nobody, and nothing held unlocks another. */
export function visitorKey(visitorId: string): string {
  return createHash("sha256").update(visitorId).digest("base64url");
}

export function sameVisitor(key: string, visitorId: string): boolean {
  const given = Buffer.from(visitorKey(visitorId));
  const held = Buffer.from(key);
  return given.length === held.length && timingSafeEqual(given, held);
}

/** Most of a reply is text deltas; a finished reply keeps only what differs between them. */
const DELTA_START = 'data: {"type":"text-delta","id":"reply","delta":';
const DELTA_END = "}\n\n";

/**
 * A finished reply in one string: event i is `text[ends[i-1]..ends[i]]`, with the text-delta frame around it
 * where `delta[i]` says so. A thousand finished replies of a few thousand small events each would otherwise
 * cost a string header and an array slot per event, and the same frame text over and over.
 */
interface Compacted {
  text: string;
  ends: Uint32Array;
  delta: Uint8Array;
}

function compact(events: string[]): Compacted {
  const ends = new Uint32Array(events.length);
  const delta = new Uint8Array(events.length);
  const parts: string[] = [];
  let length = 0;
  events.forEach((event, i) => {
    const isDelta = event.startsWith(DELTA_START) && event.endsWith(DELTA_END);
    const part = isDelta ? event.slice(DELTA_START.length, -DELTA_END.length) : event;
    delta[i] = isDelta ? 1 : 0;
    parts.push(part);
    length += part.length;
    ends[i] = length;
  });
  // Joined and flattened once, so that the parts can be collected.
  return { text: parts.join(""), ends, delta };
}

function eventsOf({ text, ends, delta }: Compacted, from: number): string {
  const out: string[] = [];
  for (let i = from; i < ends.length; i++) {
    const part = text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
    out.push(delta[i] ? DELTA_START + part + DELTA_END : part);
  }
  return out.join("");
}

/** One reply's events; readers wait on it for the next ones. */
class HeldReply implements ReplyWriter {
  private events: string[] = [];
  private compacted?: Compacted;
  chars = 0;
  ended = false;
  private wake = new Set<() => void>();
  readonly visitor: string;
  /** Let go once the reply ended: the route's closure would otherwise keep its request and response alive for the hold. */
  private stopUpstream: (() => void) | undefined;
  private readonly grew: (chars: number) => void;
  private readonly finished: () => void;

  constructor(visitor: string, stopUpstream: () => void, grew: (chars: number) => void, finished: () => void) {
    this.visitor = visitor;
    this.stopUpstream = stopUpstream;
    this.grew = grew;
    this.finished = finished;
  }

  push(event: string) {
    if (this.ended) return;
    this.events.push(event);
    this.chars += event.length;
    this.grew(event.length);
    this.notify();
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    this.stopUpstream = undefined;
    this.notify();
    this.compacted = compact(this.events);
    this.events = [];
    const chars = this.compacted.text.length + this.compacted.ends.length * 5;
    this.grew(chars - this.chars);
    this.chars = chars;
    this.finished();
  }

  get count(): number {
    return this.compacted ? this.compacted.ends.length : this.events.length;
  }

  stop() {
    this.stopUpstream?.();
  }

  private from(index: number): string {
    if (this.compacted) return eventsOf(this.compacted, index);
    // Most pulls find one new event: handed on as it is.
    return index === this.events.length - 1 ? this.events[index] : this.events.slice(index).join("");
  }

  private notify() {
    if (this.wake.size === 0) return;
    const waiting = this.wake;
    this.wake = new Set();
    for (const wake of waiting) wake();
  }

  /** What arrived since the reader's last pull goes out as one string: fewer, larger writes to the socket. */
  follow(from: number): ReadableStream<string> {
    let next = from;
    let waiting: (() => void) | undefined;
    let cancelled = false;
    return new ReadableStream<string>({
      pull: async (controller) => {
        while (next >= this.count && !this.ended) {
          if (cancelled) return;
          await new Promise<void>((resolve) => {
            waiting = resolve;
            this.wake.add(resolve);
          });
        }
        if (next < this.count) {
          controller.enqueue(this.from(next));
          next = this.count;
        }
        if (this.ended) controller.close();
      },
      cancel: () => {
        cancelled = true;
        if (waiting) {
          this.wake.delete(waiting);
          waiting();
        }
      },
    });
  }
}

/**
 * One server's held replies, in memory. At the bound, finished replies go first, oldest first; a new reply
 * while only live ones fill it is not held (its route then answers it as before, without a reply id).
 */
export class MemoryReplyHolder implements ReplyHolder {
  private readonly replies = new Map<string, HeldReply>();
  private chars = 0;
  private readonly bounds: HolderBounds;

  constructor(bounds: HolderBounds) {
    this.bounds = bounds;
  }

  get size(): { replies: number; chars: number } {
    return { replies: this.replies.size, chars: this.chars };
  }

  open(replyId: string, visitorId: string, stop: () => void): ReplyWriter | undefined {
    if (this.replies.has(replyId)) return undefined;
    this.makeRoom(1);
    if (this.replies.size >= this.bounds.maxReplies || this.chars >= this.bounds.maxChars) return undefined;
    const reply: HeldReply = new HeldReply(
      visitorKey(visitorId),
      stop,
      (chars) => {
        this.chars += chars;
        if (this.chars > this.bounds.maxChars) this.makeRoom(0);
      },
      () => setTimeout(() => this.drop(replyId, reply), this.bounds.holdMs).unref(),
    );
    this.replies.set(replyId, reply);
    return reply;
  }

  /** The held reply if it is this visitor's. */
  find(replyId: string, visitorId: string): HeldReply | undefined {
    const reply = this.replies.get(replyId);
    return reply && sameVisitor(reply.visitor, visitorId) ? reply : undefined;
  }

  async read(replyId: string, visitorId: string, from: number): Promise<ReadableStream<string> | undefined> {
    return this.find(replyId, visitorId)?.follow(from);
  }

  async stop(replyId: string, visitorId: string): Promise<boolean> {
    const reply = this.find(replyId, visitorId);
    if (!reply) return false;
    reply.stop();
    return true;
  }

  /** For a stop another instance already checked: aborts the reply if this server is the one reading it. */
  stopReading(replyId: string): void {
    const reply = this.replies.get(replyId);
    reply?.stop();
  }

  private drop(replyId: string, reply: HeldReply) {
    if (this.replies.get(replyId) !== reply) return;
    this.replies.delete(replyId);
    this.chars -= reply.chars;
  }

  /** Drops finished replies, oldest first, until `adding` more replies and the characters fit. */
  private makeRoom(adding: number) {
    for (const [replyId, reply] of this.replies) {
      if (this.replies.size + adding <= this.bounds.maxReplies && this.chars < this.bounds.maxChars) return;
      if (reply.ended) this.drop(replyId, reply);
    }
  }
}
