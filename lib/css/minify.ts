/**
 * Makes a stylesheet smaller without changing what it means: comments go, runs of
 * whitespace become one space, and the spaces around `{`, `}`, `;` and `,` and
 * after `:` go. Quoted strings are left exactly as written. The space before a colon
 * stays, since in a selector (`a :hover`) it means a descendant. For the page's own stylesheet,
 * which is inlined into every page (see app/stylesheet.ts); gzip does the rest.
 */
export function minifyCss(css: string): string {
  let out = "";
  // Strings (kept whole), comments (dropped) and everything else, in order.
  for (const [piece] of css.matchAll(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\*[\s\S]*?(?:\*\/|$)|[^"'/]+|\//g)) {
    if (piece.startsWith("/*")) {
      out += " ";
      continue;
    }
    if (piece.startsWith('"') || piece.startsWith("'")) {
      out += piece;
      continue;
    }
    out += piece.replace(/\s+/g, " ");
  }
  return replaceOutsideStrings(out, (code) => code.replace(/ ?([{};,]) ?/g, "$1").replace(/: /g, ":").replace(/;}/g, "}")).trim();
}

function replaceOutsideStrings(css: string, change: (code: string) => string): string {
  return css
    .split(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/)
    .map((part, index) => (index % 2 === 1 ? part : change(part)))
    .join("");
}
