import { describe, expect, it } from "vitest";
import { blockingProblems, chatbaseSettings, DEFAULT_BASE_URL, DEFAULT_REPLY_HOLD_SECONDS, DEFAULT_TIMEOUT_MS, loadConfig } from "./index.ts";

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

  it.each([".", "..", "../other", "_bot"])("refuses the chatbot id %j: it goes into Chatbase's v2 URLs", (id) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk-test", CHATBASE_CHATBOT_ID: id, CHATBASE_API_VERSION: "v2" });
    expect(config.problems.map((problem) => problem.variable)).toEqual(["CHATBASE_CHATBOT_ID"]);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it.each([
    ["CHATBASE_API_VERSION", "v3"],
    ["CHATBASE_BASE_URL", "ftp://example.com"],
    ["CHATBASE_BASE_URL", "not a url"],
  ])("refuses chat for %s=%s, which chat cannot work without, naming the variable", (variable, value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", [variable]: value });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0].variable).toBe(variable);
    expect(config.problems[0].message).toContain(variable);
    expect(blockingProblems(config)).toEqual(config.problems);
    expect(chatbaseSettings(config)).toBeUndefined();
  });

  it.each(["soon", "10"])("falls back to the default timeout for CHATBASE_TIMEOUT_MS=%s, naming it, and chat still works", (value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", CHATBASE_TIMEOUT_MS: value });
    expect(config.problems).toEqual([{ variable: "CHATBASE_TIMEOUT_MS", message: expect.stringContaining(`using the default, ${DEFAULT_TIMEOUT_MS}`) }]);
    expect(blockingProblems(config)).toEqual([]);
    expect(chatbaseSettings(config)?.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
  });

  it.each(["0", "ten", "86401"])("falls back to the default hold for CHAT_REPLY_HOLD_SECONDS=%s, naming it, and chat still works", (value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", CHAT_REPLY_HOLD_SECONDS: value });
    expect(config.problems).toEqual([{ variable: "CHAT_REPLY_HOLD_SECONDS", message: expect.stringContaining(`using the default, ${DEFAULT_REPLY_HOLD_SECONDS}`) }]);
    expect(blockingProblems(config)).toEqual([]);
    expect(config.replyHoldSeconds).toBe(DEFAULT_REPLY_HOLD_SECONDS);
  });

  it("holds a reply 10 minutes after it ended unless CHAT_REPLY_HOLD_SECONDS says otherwise", () => {
    expect(loadConfig({}).replyHoldSeconds).toBe(600);
    expect(loadConfig({ CHAT_REPLY_HOLD_SECONDS: "2" }).replyHoldSeconds).toBe(2);
  });

  it("turns identified visitors on with a well-formed CHATBASE_IDENTITY_SECRET, and leaves them off otherwise", () => {
    expect(loadConfig({}).identitySecret).toBeUndefined();
    const secret = "cb_identity_0123456789abcdefXYZ";
    expect(loadConfig({ CHATBASE_IDENTITY_SECRET: ` ${secret} ` }).identitySecret).toBe(secret);
  });

  it.each(["short", "has a space in it 0123456789", "tab\tinside-0123456789abcdef", "ü".repeat(20), "x".repeat(513)])(
    "falls back to off for CHATBASE_IDENTITY_SECRET=%j, naming the variable but never the value, and chat still works",
    (value) => {
      const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", CHATBASE_IDENTITY_SECRET: value });
      expect(config.identitySecret).toBeUndefined();
      expect(config.problems).toEqual([{ variable: "CHATBASE_IDENTITY_SECRET", message: expect.stringContaining("identified visitors are off") }]);
      expect(config.problems[0].message).not.toContain(value.trim());
      expect(blockingProblems(config)).toEqual([]);
    },
  );

  it("treats blank values as unset", () => {
    expect(loadConfig({ CHATBASE_API_KEY: "  ", CHATBASE_API_VERSION: "" }).mode).toBe("demo");
  });
});

describe("loadConfig: abuse limits and hardening", () => {
  it("has safe defaults: same origin only, 20 messages a minute, 200 a day, 60 and 600 ratings, in memory, no proxy trusted, no framing", () => {
    expect(loadConfig({}).guard).toEqual({
      allowedOrigins: [],
      ratePerMinute: 20,
      ratePerDay: 200,
      feedbackPerMinute: 60,
      feedbackPerDay: 600,
      redisUrl: undefined,
      trustedProxyHops: 0,
      frameAncestors: [],
      embedOrigins: [],
      onVercel: false,
      botProtection: "off",
    });
  });

  it("reads every setting", () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: "https://a.example, http://localhost:8080/",
      RATE_LIMIT_PER_MINUTE: "0",
      RATE_LIMIT_PER_DAY: "1000",
      FEEDBACK_RATE_LIMIT_PER_MINUTE: "0",
      FEEDBACK_RATE_LIMIT_PER_DAY: "50",
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
      feedbackPerMinute: 0,
      feedbackPerDay: 50,
      redisUrl: "rediss://default:secret@cache.example:6379",
      trustedProxyHops: 1,
      frameAncestors: ["'self'", "https://*.example.com"],
      embedOrigins: ["https://shop.example", "http://localhost:8080"],
      onVercel: true,
      botProtection: "on",
    });
  });

  it("turns BotID on by default only on Vercel, where it works, and takes the owner's choice", () => {
    expect(loadConfig({}).guard.botProtection).toBe("off");
    expect(loadConfig({ VERCEL: "1" }).guard.botProtection).toBe("on");
    expect(loadConfig({ VERCEL: "1", BOT_PROTECTION: "OFF" }).guard.botProtection).toBe("off");
    expect(loadConfig({ BOT_PROTECTION: "simulate-bot" }).guard.botProtection).toBe("simulate-bot");
    const bad = loadConfig({ VERCEL: "1", BOT_PROTECTION: "yes please" });
    expect(bad.guard.botProtection).toBe("on");
    expect(bad.problems).toEqual([{ variable: "BOT_PROTECTION", message: expect.stringContaining('"yes please"') }]);
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
    ["FEEDBACK_RATE_LIMIT_PER_MINUTE", "lots"],
    ["FEEDBACK_RATE_LIMIT_PER_DAY", "-5"],
    ["REDIS_URL", "http://cache.example"],
    ["FRAME_ANCESTORS", "https://a.example; script-src *"],
    ["EMBED_ORIGINS", "https://shop.example/page"],
    ["EMBED_ORIGINS", "*"],
  ])("names %s=%s and falls back to the safe default without taking chat down", (variable, value) => {
    const config = loadConfig({ CHATBASE_API_KEY: "sk", CHATBASE_CHATBOT_ID: "bot", [variable]: value });
    expect(config.problems.length).toBeGreaterThan(0);
    for (const problem of config.problems) {
      expect(problem.variable).toBe(variable);
      expect(problem.message).toContain(variable);
    }
    expect(config.guard).toEqual(loadConfig({}).guard);
    expect(chatbaseSettings(config)).toBeDefined();
  });

  it("drops a bad allow-list entry and keeps the rest, compared as browsers write origins", () => {
    const config = loadConfig({
      CHATBASE_API_KEY: "sk",
      CHATBASE_CHATBOT_ID: "bot",
      EMBED_ORIGINS: "https://Shop.EXAMPLE, not-an-origin",
      ALLOWED_ORIGINS: "HTTPS://A.example:443/, https://b.example/path",
      FRAME_ANCESTORS: "self https://Shop.example https://bad.example/page",
    });
    expect(config.guard.embedOrigins).toEqual(["https://shop.example"]);
    expect(config.guard.allowedOrigins).toEqual(["https://a.example"]);
    expect(config.guard.frameAncestors).toEqual(["'self'", "https://shop.example"]);
    expect(config.problems.map((problem) => [problem.variable, problem.message.match(/got "([^"]*)"/)?.[1]])).toEqual([
      ["ALLOWED_ORIGINS", "https://b.example/path"],
      ["FRAME_ANCESTORS", "https://bad.example/page"],
      ["EMBED_ORIGINS", "not-an-origin"],
    ]);
    expect(blockingProblems(config)).toEqual([]);
    expect(chatbaseSettings(config)).toBeDefined();
  });

  it("never quotes a Redis URL, which may hold a password", () => {
    const config = loadConfig({ REDIS_URL: "postgres://user:hunter2@db" });
    expect(config.problems[0].message).not.toContain("hunter2");
  });
});
