import { describe, expect, it } from "vitest";
import { localeFor } from "./index.ts";

describe("localeFor", () => {
  it("follows the visitor's browser with CHAT_LANGUAGE=auto", () => {
    expect(localeFor("auto", "he-IL,he;q=0.9")).toMatchObject({ language: "he", dir: "rtl" });
    expect(localeFor("auto", "de-CH")).toMatchObject({ language: "de", dir: "ltr" });
    expect(localeFor("auto", null).messages.composer.send).toBe("Send");
  });

  it("serves everyone the owner's fixed language, whatever the browser asks for", () => {
    const locale = localeFor("ar", "fr-FR,fr;q=0.9");
    expect(locale).toMatchObject({ language: "ar", dir: "rtl" });
    expect(locale.messages.composer.send).toBe("إرسال");
  });
});
