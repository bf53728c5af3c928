/** The Markdown renderer is loaded on demand, so the first visit downloads none of it. Calling this early warms it up. */
export const loadMarkdown = () => import("./markdown");
