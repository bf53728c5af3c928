import { describe, expect, it } from "vitest";
import { chatbaseSettings, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, loadConfig } from "./index.ts";

describe("loadConfig", () => {
  it("runs the demo bot when no key is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: "demo", apiVersion: "v1", baseUrl: DEFAULT_BASE_URL, timeoutMs: DEFAULT_TIMEOUT_MS });
    expect(config.problems).toEqual([]);
    expect(chatbaseSettings(config)).toBeDefined();
  });

  it("talks to Chatbase when key and chatbot id are set", () => {
    const config = loadConfig({
      CHATBASE_API_KEY: "sk-test",
      CHATBASE_CHATBOT_ID: "bot-1",
      CHATBASE_API_VERSION: "V2",
      CHATBASE_BASE_URL: "http://127.0.0.1:9999/",
      CHATBASE_TIMEOUT_MS: "2500",
    });
    expect(chatbaseSettings(config)).toEqual({
      apiKey: "sk-test",
      chatbotId: "bot-1",
      apiVersion: "v2",
      baseUrl: "http://127.0.0.1:9999",
      timeoutMs: 2500,
    });
  });

  it("names the chatbot id as missing when only the key is set", () => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk-test" });
    expect(config.mode).toBe("chatbase");
    expect(config.missing).toEqual(["CHATBASE_CHATBOT_ID"]);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it.each([
    ["CHATBASE_API_VERSION", "v3"],
    ["CHATBASE_BASE_URL", "ftp://example.com"],
    ["CHATBASE_BASE_URL", "not a url"],
    ["CHATBASE_TIMEOUT_MS", "soon"],
    ["CHATBASE_TIMEOUT_MS", "10"],
  ])("refuses %s=%s with a message naming the variable", (variable, value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", [variable]: value });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0].variable).toBe(variable);
    expect(config.problems[0].message).toContain(variable);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ CHATBASE_API_KEY: "  ", CHATBASE_API_VERSION: "" }).mode).toBe("demo");
  });
});
