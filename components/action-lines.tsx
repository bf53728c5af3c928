import type { ActionData } from "@/lib/chat/reply-stream";
import type { Messages } from "@/lib/i18n";
import { fill } from "@/lib/i18n/format";
import { useText } from "./i18n-provider";

function line(action: ActionData, streaming: boolean, words: Messages["agent"]): string {
  const name = { name: action.name };
  switch (action.state) {
    case "failed":
      return fill(words.failedAction, name);
    case "unsupported":
      return fill(words.neededAction, name);
    case "running":
      return fill(streaming ? words.runningAction : words.usedAction, name);
    case "done":
      return fill(words.usedAction, name);
  }
}

/** The Custom Actions a reply used, one compact line each ("Used: Check order status"). */
export function ActionLines({ actions, streaming }: { actions: (ActionData & { id: string })[]; streaming: boolean }) {
  const words = useText().agent;
  if (actions.length === 0) return null;
  return (
    <ul className="message-actions-used" aria-label={words.actionsLabel}>
      {actions.map((action) => (
        <li key={action.id} data-state={action.state}>
          {line(action, streaming, words)}
        </li>
      ))}
    </ul>
  );
}
