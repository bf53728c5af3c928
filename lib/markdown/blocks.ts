const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cuts Markdown into top-level blocks at blank lines, never inside a code
 * fence and never before an indented line (a list item's continuation), so
 * that each block parses the same alone as in the whole text. While a reply
 * streams only its last block changes: the others can be rendered once and
 * kept.
 */
export function splitBlocks(markdown: string): string[] {
  const lines = markdown.split("\n");
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let blankRun = 0;

  for (const line of lines) {
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = undefined;
      current.push(line);
      continue;
    }
    if (line.trim() === "") {
      if (current.length > 0) {
        blankRun++;
        current.push(line);
      }
      continue;
    }
    const continues = /^[ \t]/.test(line);
    if (blankRun > 0 && !continues) {
      blocks.push(current.join("\n").trimEnd());
      current = [];
    }
    blankRun = 0;
    if (opener) fence = opener;
    current.push(line);
  }
  const last = current.join("\n").trimEnd();
  if (last !== "" || blocks.length === 0) blocks.push(last);
  return blocks;
}
