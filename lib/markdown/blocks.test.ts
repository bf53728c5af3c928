import { describe, expect, it } from "vitest";
import { splitBlocks } from "./blocks.ts";

describe("splitBlocks", () => {
  it("cuts at blank lines", () => {
    expect(splitBlocks("# Title\n\nA paragraph\nstill it.\n\n\n- a\n- b")).toEqual(["# Title", "A paragraph\nstill it.", "- a\n- b"]);
  });

  it("never cuts inside a code fence, closed or still open", () => {
    const closed = "Intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter";
    expect(splitBlocks(closed)).toEqual(["Intro", "```js\nconst a = 1;\n\nconst b = 2;\n```", "After"]);
    const open = "Intro\n\n~~~~\ncode\n\nmore code\n```\nstill code";
    expect(splitBlocks(open)).toEqual(["Intro", "~~~~\ncode\n\nmore code\n```\nstill code"]);
  });

  it("keeps a list item's indented continuation with its item", () => {
    expect(splitBlocks("1. one\n\n   more about one\n\n2. two")).toEqual(["1. one\n\n   more about one", "2. two"]);
  });

  it("gives back the text whole when there is nothing to cut", () => {
    expect(splitBlocks("")).toEqual([""]);
    expect(splitBlocks("just words")).toEqual(["just words"]);
    expect(splitBlocks("\n\nleading blank")).toEqual(["leading blank"]);
  });

  it("keeps earlier blocks identical as the text grows", () => {
    const full = "# H\n\nPara one.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nprint(1)\n```\n\nEnd.";
    let previous: string[] = [];
    for (let end = 1; end <= full.length; end++) {
      const blocks = splitBlocks(full.slice(0, end));
      previous.slice(0, -1).forEach((block, i) => expect(blocks[i]).toBe(block));
      previous = blocks;
    }
    expect(previous).toHaveLength(5);
  });
});
