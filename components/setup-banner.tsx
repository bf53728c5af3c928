import type { ConfigProblem } from "@/lib/config";

/**
 * Server-rendered under `npm run dev` only (app/page.tsx decides): tells the
 * owner, not a visitor, which variable is wrong and how to fix it. A
 * `<details>` so it folds away without any script.
 */
export function SetupBanner({ problems }: { problems: (ConfigProblem & { fix: string })[] }) {
  if (problems.length === 0) return null;
  return (
    <aside className="setup-banner" aria-label="Setup problems">
      <details open>
        <summary>
          Setup: {problems.length} problem{problems.length === 1 ? "" : "s"} to fix (shown under npm run dev only)
        </summary>
        <ul>
          {problems.map((problem) => (
            <li key={problem.variable + problem.message}>
              <strong>{problem.variable}</strong>: {problem.message}
              <br />
              Fix: {problem.fix}
            </li>
          ))}
        </ul>
        <p>
          Change <code>.env.local</code>, restart <code>npm run dev</code>, and run <code>npm run doctor</code> to check the key and chatbot with Chatbase.
        </p>
      </details>
    </aside>
  );
}
