/**
 * Long, predictable replies for the stand-in's load and size tests. What the
 * demo bot says lives in `../demo-reply.ts`, which the stand-in answers with too.
 */

const FILLER = ["streaming", "replies", "arrive", "word", "by", "word", "from", "the", "stand-in", "chatbot"];

/** A long, predictable reply for load and size tests: `count` words. */
export function fillerText(count: number): string {
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(`${FILLER[i % FILLER.length]}${i % 97 === 96 ? "." : ""}`);
  return words.join(" ");
}
