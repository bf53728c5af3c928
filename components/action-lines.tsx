import type { ActionData } from "@/lib/chat/reply-stream";
import { V2_TEXT } from "@/lib/chat/v2-text";

function line(action: ActionData, streaming: boolean): string {
  switch (action.state) {
    case "failed":
      return V2_TEXT.actionFailed(action.name);
    case "unsupported":
      return V2_TEXT.actionUnsupported(action.name);
    case "running":
      return streaming ? V2_TEXT.actionRunning(action.name) : V2_TEXT.actionUsed(action.name);
    case "done":
      return V2_TEXT.actionUsed(action.name);
  }
}

/** The Custom Actions a reply used, one compact line each ("Used: Check order status"). */
export function ActionLines({ actions, streaming }: { actions: (ActionData & { id: string })[]; streaming: boolean }) {
  if (actions.length === 0) return null;
  return (
    <ul className="message-actions-used" aria-label="Actions">
      {actions.map((action) => (
        <li key={action.id} data-state={action.state}>
          {line(action, streaming)}
        </li>
      ))}
    </ul>
  );
}
