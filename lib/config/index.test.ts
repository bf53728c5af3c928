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
    ["CHAT_REPLY_HOLD_SECONDS", "0"],
    ["CHAT_REPLY_HOLD_SECONDS", "ten"],
    ["CHAT_REPLY_HOLD_SECONDS", "86401"],
  ])("refuses %s=%s with a message naming the variable", (variable, value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", [variable]: value });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0].variable).toBe(variable);
    expect(config.problems[0].message).toContain(variable);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it("holds a reply 10 minutes after it ended unless CHAT_REPLY_HOLD_SECONDS says otherwise", () => {
    expect(loadConfig({}).replyHoldSeconds).toBe(600);
    expect(loadConfig({ CHAT_REPLY_HOLD_SECONDS: "2" }).replyHoldSeconds).toBe(2);
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ CHATBASE_API_KEY: "  ", CHATBASE_API_VERSION: "" }).mode).toBe("demo");
  });
});

describe("loadConfig: abuse limits and hardening", () => {
  it("has safe defaults: same origin only, 20 a minute, 200 a day, in memory, no proxy trusted, no framing", () => {
    expect(loadConfig({}).guard).toEqual({
      allowedOrigins: [],
      ratePerMinute: 20,
      ratePerDay: 200,
      redisUrl: undefined,
      trustedProxyHops: 0,
      frameAncestors: [],
      embedOrigins: [],
      onVercel: false,
    });
  });

  it("reads every setting", () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: "https://a.example, http://localhost:8080/",
      RATE_LIMIT_PER_MINUTE: "0",
      RATE_LIMIT_PER_DAY: "1000",
      REDIS_URL: "rediss://default:secret@cache.example:6379",
      TRUSTED_PROXY_HOPS: "1",
      FRAME_ANCESTORS: "self https://*.example.com",
      EMBED_ORIGINS: "https://shop.example,http://localhost:8080",
      VERCEL: "1",
    });
    expect(config.problems).toEqual([]);
    expect(config.guard).toEqual({
      allowedOrigins: ["https://a.example", "http://localhost:8080"],
      ratePerMinute: 0,
      ratePerDay: 1000,
      redisUrl: "rediss://default:secret@cache.example:6379",
      trustedProxyHops: 1,
      frameAncestors: ["'self'", "https://*.example.com"],
      embedOrigins: ["https://shop.example", "http://localhost:8080"],
      onVercel: true,
    });
  });

  it("takes none, quoted or not, as no framing", () => {
    expect(loadConfig({ FRAME_ANCESTORS: "'none'" }).guard.frameAncestors).toEqual([]);
    expect(loadConfig({ FRAME_ANCESTORS: "none" }).guard.frameAncestors).toEqual([]);
  });

  it.each([
    ["ALLOWED_ORIGINS", "https://a.example/path"],
    ["ALLOWED_ORIGINS", "a.example"],
    ["RATE_LIMIT_PER_MINUTE", "-1"],
    ["RATE_LIMIT_PER_MINUTE", "ten"],
    ["RATE_LIMIT_PER_DAY", "1.5"],
    ["TRUSTED_PROXY_HOPS", "11"],
    ["REDIS_URL", "http://cache.example"],
    ["FRAME_ANCESTORS", "https://a.example; script-src *"],
    ["EMBED_ORIGINS", "https://shop.example/page"],
    ["EMBED_ORIGINS", "*"],
  ])("refuses %s=%s with a message naming the variable", (variable, value) => {
    const config = loadConfig({ [variable]: value });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0].variable).toBe(variable);
    expect(config.problems[0].message).toContain(variable);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it("never quotes a Redis URL, which may hold a password", () => {
    const config = loadConfig({ REDIS_URL: "postgres://user:hunter2@db" });
    expect(config.problems[0].message).not.toContain("hunter2");
  });
});
