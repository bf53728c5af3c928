import { describe, expect, it } from "vitest";
import { parseTheme, THEME_COOKIE, themeCookie, themeInCookies } from "./theme.ts";

describe("the theme cookie", () => {
  it("reads only light or dark", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    for (const other of ["", "Dark", "system", undefined, null]) expect(parseTheme(other)).toBeUndefined();
  });

  it("finds the choice among other cookies, by its exact name", () => {
    expect(themeInCookies(`a=1; ${THEME_COOKIE}=dark; b=2`)).toBe("dark");
    expect(themeInCookies(`${THEME_COOKIE}=light`)).toBe("light");
    expect(themeInCookies(`x${THEME_COOKIE}=dark; ${THEME_COOKIE}x=dark`)).toBeUndefined();
    expect(themeInCookies(`${THEME_COOKIE}=purple`)).toBeUndefined();
    expect(themeInCookies("")).toBeUndefined();
  });

  it("is written for a year, for every path, Lax, and Secure over https", () => {
    expect(themeCookie("dark", true)).toBe(`${THEME_COOKIE}=dark; Path=/; Max-Age=31536000; SameSite=Lax; Secure`);
    expect(themeCookie("light", false)).toBe(`${THEME_COOKIE}=light; Path=/; Max-Age=31536000; SameSite=Lax`);
    expect(themeInCookies(themeCookie("dark", false).split(";")[0])).toBe("dark");
  });
});
