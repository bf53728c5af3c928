import { isIP } from "node:net";
import { ipAddress } from "@vercel/functions/headers";

/**
 * Set on every request by the server hook in `peer-address.ts`: the address of
 * whoever opened the TCP connection. A client cannot forge it: the hook
 * overwrites whatever a request carries under this name.
 */
export const PEER_HEADER = "x-chat-peer-address";

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
 * - on Vercel, `ipAddress()` from `@vercel/functions`, the address Vercel's edge saw (it overwrites the header,
 *   so a visitor cannot choose it);
 * - self-hosted, the TCP peer by default, or with N trusted proxies the address N hops from the right of
 *   X-Forwarded-For, which ends with the peer. Anything left of that is the client's to write, so a forged
 *   X-Forwarded-For changes nothing.
 * Undefined when the request cannot be placed (no address vouched for, or not an IP address): the caller
 * refuses that request alone, rather than count every such request in one shared bucket.
 */
export function clientAddress(headers: Headers, source: AddressSource): string | undefined {
  if (source.onVercel) return placed(ipAddress(headers));
  const peer = headers.get(PEER_HEADER);
  if (!peer) return undefined;
  const chain = entries(headers.get("x-forwarded-for"));
  if (chain.at(-1) !== peer) return placed(peer);
  // With fewer hops than configured, the request skipped a proxy: the leftmost is the best it offers.
  const hop = chain[Math.max(0, chain.length - 1 - source.trustedProxyHops)];
  return placed(hop);
}

function placed(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return isIP(address.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "")) ? rateLimitKey(address.trim()) : undefined;
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
