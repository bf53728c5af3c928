const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence still open at the end of the block, if any. */
function openFence(lines: string[]): string | undefined {
  let fence: string | undefined;
  for (const line of lines) {
    const marker = FENCE_LINE.exec(line)?.[1];
    if (!marker) continue;
    if (!fence) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
  }
  return fence;
}

/** Markers still open at the end of a line of inline text, code spans skipped. */
function openMarkers(line: string): string[] {
  const open: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === "\\") {
      i += 2;
      continue;
    }
    if (line[i] === "`") {
      const close = line.indexOf("`", i + 1);
      if (close === -1) {
        open.push("`");
        break;
      }
      i = close + 1;
      continue;
    }
    for (const marker of ["**", "__", "~~"]) {
      if (line.startsWith(marker, i)) {
        const at = open.lastIndexOf(marker);
        if (at >= 0) open.splice(at, 1);
        else open.push(marker);
        i += marker.length - 1;
        break;
      }
    }
    i++;
  }
  return open;
}

/**
 * The half-written end of a streaming Markdown block, made to render as it
 * will once complete: an open `**`, `__`, `~~` or code span is closed, a link
 * still being written shows as its text, and a line that is only the start of
 * a fence or of a numbered item waits for its next character. Code inside an
 * open fence is left alone. Used only on the block that is still streaming.
 */
export function completeStreamingMarkdown(block: string): string {
  const lines = block.split("\n");
  let last = lines[lines.length - 1];
  const fence = openFence(lines.slice(0, -1));
  if (fence) {
    // The closing fence being typed: hide it until it is whole.
    if (lines.length > 1 && new RegExp(`^ {0,3}\\${fence[0]}{1,${fence.length - 1}}$`).test(last)) lines[lines.length - 1] = "";
    return lines.join("\n");
  }
  if (FENCE_LINE.test(last)) return block;
  if (/^ {0,3}(`{1,2}|~{1,2}|\d{1,9})$/.test(last)) last = "";
  last = last
    .replace(/!?\[([^\]]*)\]\([^)]*$/, "$1")
    .replace(/!?\[([^\]]*)\]?$/, "$1");
  const open = openMarkers(last);
  for (let i = open.length - 1; i >= 0; i--) {
    const marker = open[i];
    if (last.endsWith(marker)) {
      last = last.slice(0, -marker.length).trimEnd();
      continue;
    }
    // Half of a closing `**` already typed.
    if (marker.length === 2 && last.endsWith(marker[0])) last = last.slice(0, -1);
    last += marker;
  }
  lines[lines.length - 1] = last;
  return lines.join("\n");
}
