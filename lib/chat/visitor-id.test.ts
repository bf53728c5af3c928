import { describe, expect, it } from "vitest";
import { USER_ID_PATTERN } from "../chatbase/request.ts";
import { VISITOR_ID_KEY, visitorId } from "./visitor-id.ts";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
}

describe("visitorId", () => {
  it("makes a random id within Chatbase's pattern once, then keeps it", () => {
    const storage = memoryStorage();
    const first = visitorId(storage);
    expect(first).toMatch(/^v-[a-z0-9]{20}$/);
    expect(first).toMatch(USER_ID_PATTERN);
    expect(visitorId(storage)).toBe(first);
    expect(storage.data.get(VISITOR_ID_KEY)).toBe(first);
    expect(visitorId(memoryStorage())).not.toBe(first);
  });

  it("replaces a stored value Chatbase would refuse", () => {
    const storage = memoryStorage({ [VISITOR_ID_KEY]: "has spaces" });
    expect(visitorId(storage)).toMatch(/^v-/);
  });

  it("still answers when storage throws", () => {
    const blocked = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
    };
    expect(visitorId(blocked)).toMatch(USER_ID_PATTERN);
  });
});
