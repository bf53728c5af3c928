import { installChat } from "./chat.ts";

/** embed.js's entry (browser only): the chat for the `<script>` tag that is loading it right now. */
const script = document.currentScript;
if (script instanceof HTMLScriptElement) installChat(script);
