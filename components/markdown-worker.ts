// Browser, a Web Worker: parses stored replies' Markdown off the page's main thread (see markdown-loader.ts).
import { replyToHast } from "@/lib/markdown/to-hast";

export interface ParseRequest {
  id: number;
  text: string;
}

addEventListener("message", (event: MessageEvent<ParseRequest>) => {
  const { id, text } = event.data;
  postMessage({ id, blocks: replyToHast(text) });
});
