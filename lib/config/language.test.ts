import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "./index.ts";
import { loadLanguageSetting } from "./language.ts";

describe("loadLanguageSetting", () => {
  it("is auto unless set", () => {
    expect(loadLanguageSetting({})).toBe("auto");
    expect(loadLanguageSetting({ CHAT_LANGUAGE: " " })).toBe("auto");
    expect(loadLanguageSetting({ CHAT_LANGUAGE: "AUTO" })).toBe("auto");
  });

  it("takes a built-in language in any case, with - or _", () => {
    expect(loadLanguageSetting({ CHAT_LANGUAGE: "fr" })).toBe("fr");
    expect(loadLanguageSetting({ CHAT_LANGUAGE: "pt_br" })).toBe("pt-BR");
    expect(loadLanguageSetting({ CHAT_LANGUAGE: "ZH-cn" })).toBe("zh-CN");
  });

  it.each(["pt", "zh-TW", "klingon", "en-US"])("names a language it does not have (%s) and uses auto", (value) => {
    const problems: ConfigProblem[] = [];
    expect(loadLanguageSetting({ CHAT_LANGUAGE: value }, problems)).toBe("auto");
    expect(problems).toEqual([{ variable: "CHAT_LANGUAGE", message: expect.stringContaining(`(got "${value}")`) }]);
    expect(problems[0].message).toContain("CHAT_LANGUAGE must be");
  });
});
