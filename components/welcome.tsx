import type { Branding } from "@/lib/config/branding";
import { Avatar } from "./avatar";
import { useText } from "./i18n-provider";

interface WelcomeProps {
  branding: Branding;
  demo: boolean;
  /** Absent while the lead form must be sent first: the starter prompts wait too. */
  onPick?: (prompt: string) => void;
}

/** The empty conversation: the owner's welcome and up to four starter prompts. */
export function Welcome({ branding, demo, onPick }: WelcomeProps) {
  const text = useText();
  const offered = branding.starterPrompts.length > 0 ? branding.starterPrompts : demo ? text.demo.prompts : [];
  const prompts = onPick ? offered : [];
  return (
    <div className="welcome">
      <Avatar branding={branding} size={56} />
      <h2>{branding.botName}</h2>
      <p>{branding.welcomeMessage}</p>
      {prompts.length > 0 && (
        <ul className="starter-prompts" aria-label={text.welcome.suggestions}>
          {prompts.map((prompt) => (
            <li key={prompt}>
              <button type="button" className="starter-prompt" dir="auto" onClick={() => onPick?.(prompt)}>
                {prompt}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
