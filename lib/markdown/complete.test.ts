import { describe, expect, it } from "vitest";
import { completeStreamingMarkdown } from "./complete.ts";

describe("completeStreamingMarkdown", () => {
  it.each([
    ["an open bold", "Some **bold te", "Some **bold te**"],
    ["a bold marker just typed", "Some **", "Some"],
    ["an open code span", "Run `npm in", "Run `npm in`"],
    ["an open strikethrough", "~~gone", "~~gone~~"],
    ["a link whose URL is being written", "See [the docs](https://exa", "See the docs"],
    ["a link whose text is being written", "See [the do", "See the do"],
    ["the start of a fence", "Intro\n``", "Intro\n"],
    ["the start of a numbered item", "- a\n2", "- a\n"],
    ["half of a closing bold", "Some **bold*", "Some **bold**"],
    ["a link waiting for its URL", "See [the docs]", "See the docs"],
    ["the closing fence being typed", "```js\ncode\n``", "```js\ncode\n"],
  ])("closes %s", (_name, input, output) => {
    expect(completeStreamingMarkdown(input)).toBe(output);
  });

  it.each([
    ["finished text", "Some **bold** and `code` and [a](https://b.c)."],
    ["an open fence", "```js\nconst a = `x\nconst b = **y"],
    ["a fence being opened", "```py"],
    ["an escaped marker", "2 \\** 3"],
    ["a bold inside a code span", "`**` is bold"],
  ])("leaves %s alone", (_name, input) => {
    expect(completeStreamingMarkdown(input)).toBe(input);
  });
});
