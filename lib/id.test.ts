import { describe, expect, it } from "vitest";
import { randomId } from "./id.ts";

describe("randomId", () => {
  it("makes ids of the asked length from lower-case letters and digits, without repeats", () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => randomId()));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{16}$/);
    expect(randomId(5)).toHaveLength(5);
  });
});
