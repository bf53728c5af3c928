import { isIP } from "node:net";

/**
 * Set on every request by the server hook in `peer-address.ts`: the address of
 * whoever opened the TCP connection. A client cannot forge it: the hook
 * overwrites whatever a request carries under this name.
 */
export const PEER_HEADER = "x-chat-peer-address";

/** Requests whose source cannot be told (the hook did not run) share one count rather than escape it. */
export const UNKNOWN_CLIENT = "unknown";

export interface AddressSource {
  onVercel: boolean;
  /** Reverse proxies in front of a self-hosted app, each appending the address it saw to X-Forwarded-For. */
  trustedProxyHops: number;
}

function entries(value: string | null): string[] {
  return (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The client's address, taken only from what the platform vouches for:
 * - on Vercel, the edge's `x-vercel-forwarded-for` / `x-real-ip` (Vercel overwrites these and X-Forwarded-For
 *   with the address it saw, so a visitor cannot choose them);
 * - self-hosted, the TCP peer by default, or with N trusted proxies the address N hops from the right of
 *   X-Forwarded-For, which ends with the peer. Anything left of that is the client's to write, so a forged
 *   X-Forwarded-For changes nothing.
 */
export function clientAddress(headers: Headers, source: AddressSource): string {
  if (source.onVercel) {
    const seen = entries(headers.get("x-vercel-forwarded-for"))[0] ?? headers.get("x-real-ip") ?? entries(headers.get("x-forwarded-for"))[0];
    return seen ? rateLimitKey(seen) : UNKNOWN_CLIENT;
  }
  const peer = headers.get(PEER_HEADER);
  if (!peer) return UNKNOWN_CLIENT;
  const chain = entries(headers.get("x-forwarded-for"));
  if (chain.at(-1) !== peer) return rateLimitKey(peer);
  // With fewer hops than configured, the request skipped a proxy: the leftmost is the best it offers.
  const hop = chain[Math.max(0, chain.length - 1 - source.trustedProxyHops)];
  return rateLimitKey(hop);
}

/**
 * One key per client: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64, the
 * block one subscriber gets, so that rotating through it does not help.
 * Anything that is not an address (a proxy's `unknown`) is kept, bounded.
 */
export function rateLimitKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1];
  const kind = isIP(bare);
  if (kind === 4) return bare;
  if (kind === 6) return `${expandIpv6(bare).slice(0, 4).join(":")}::/64`;
  return address.slice(0, 64);
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array<string>(missing).fill("0"), ...right];
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
