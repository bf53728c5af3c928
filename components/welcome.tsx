import type { Branding } from "@/lib/config/branding";
import { Avatar } from "./avatar";

interface WelcomeProps {
  branding: Branding;
  demo: boolean;
  onPick: (prompt: string) => void;
}

const DEMO_PROMPTS = ["How do I connect my chatbot?", "How do I deploy to Vercel?", "How does streaming work?"];

/** The empty conversation: the owner's welcome and up to four starter prompts. */
export function Welcome({ branding, demo, onPick }: WelcomeProps) {
  const prompts = branding.starterPrompts.length > 0 ? branding.starterPrompts : demo ? DEMO_PROMPTS : [];
  return (
    <div className="welcome">
      <Avatar branding={branding} size={56} />
      <h2>{branding.botName}</h2>
      <p>{branding.welcomeMessage}</p>
      {prompts.length > 0 && (
        <ul className="starter-prompts" aria-label="Suggested questions">
          {prompts.map((prompt) => (
            <li key={prompt}>
              <button type="button" className="starter-prompt" onClick={() => onPick(prompt)}>
                {prompt}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
