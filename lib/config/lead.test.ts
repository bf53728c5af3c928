import { describe, expect, it } from "vitest";
import { setupProblemsToShow } from "./fixes.ts";
import { loadConfig } from "./index.ts";

describe("CHAT_LEAD_FORM and CHAT_LEAD_FIELDS", () => {
  it("default to no form, asking for name and email when one is turned on", () => {
    expect(loadConfig({}).lead).toEqual({ form: { mode: "off" }, fields: ["name", "email"] });
  });

  it("read before, after:N and a field list in any order and case, shown in the form's own order", () => {
    expect(loadConfig({ CHAT_LEAD_FORM: "Before" }).lead.form).toEqual({ mode: "before" });
    expect(loadConfig({ CHAT_LEAD_FORM: "after:1" }).lead.form).toEqual({ mode: "after", afterMessages: 1 });
    expect(loadConfig({ CHAT_LEAD_FORM: "after:20" }).lead.form).toEqual({ mode: "after", afterMessages: 20 });
    expect(loadConfig({ CHAT_LEAD_FIELDS: "phone, NAME" }).lead.fields).toEqual(["name", "phone"]);
    expect(loadConfig({ CHAT_LEAD_FIELDS: "email" }).lead.fields).toEqual(["email"]);
    expect(loadConfig({ CHAT_LEAD_FORM: "before", CHAT_LEAD_FIELDS: "name,email,phone" }).problems).toEqual([]);
  });

  it.each(["after:0", "after:21", "after", "after:2x", "always", "after:-1"])("falls back to off for %s and names the variable", (value) => {
    const config = loadConfig({ CHAT_LEAD_FORM: value });
    expect(config.lead.form).toEqual({ mode: "off" });
    expect(config.problems).toEqual([{ variable: "CHAT_LEAD_FORM", message: expect.stringContaining(`"${value}"`) }]);
  });

  it.each(["name,address", "e-mail", ",,"])("falls back to name,email for %s and names the variable", (value) => {
    const config = loadConfig({ CHAT_LEAD_FIELDS: value });
    expect(config.lead.fields).toEqual(["name", "email"]);
    expect(config.problems).toEqual([{ variable: "CHAT_LEAD_FIELDS", message: expect.stringContaining(`"${value}"`) }]);
  });

  it("does not block chat: a bad lead setting is a fallback, with its fix on the development banner", () => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk-x", CHATBASE_CHATBOT_ID: "bot", CHAT_LEAD_FORM: "sometimes" });
    expect(config.mode).toBe("chatbase");
    const [shown] = setupProblemsToShow("development", config.problems);
    expect(shown.fix).toContain("CHAT_LEAD_FORM");
  });
});
