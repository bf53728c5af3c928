import { describe, expect, it } from "vitest";
import { fixFor, setupProblemsToShow } from "./fixes.ts";
import { loadConfig } from "./index.ts";

describe("setupProblemsToShow", () => {
  const { problems } = loadConfig({ CHATBASE_API_KEY: "sk-test-key-0123456789", CHATBASE_TIMEOUT_MS: "soon" });

  it("lists each problem with a fix naming its variable under next dev", () => {
    const shown = setupProblemsToShow("development", problems);
    expect(shown.map((problem) => problem.variable)).toEqual(["CHATBASE_TIMEOUT_MS", "CHATBASE_CHATBOT_ID"]);
    for (const problem of shown) expect(problem.fix).toContain(problem.variable);
  });

  it("shows nothing in a production build or in tests", () => {
    expect(setupProblemsToShow("production", problems)).toEqual([]);
    expect(setupProblemsToShow("test", problems)).toEqual([]);
    expect(setupProblemsToShow(undefined, problems)).toEqual([]);
  });

  it("has a generic fix for variables without their own", () => {
    expect(fixFor("CHAT_ACCENT_COLOR")).toContain("CHAT_ACCENT_COLOR");
  });
});
