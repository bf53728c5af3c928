import { describe, expect, it } from "vitest";
import { cleanLead, fieldProblem, leadProblems } from "./lead-fields.ts";

describe("lead fields", () => {
  it.each(["ada@example.com", "ada.lovelace+chat@mail.example.co.uk", "a_b-c@x-y.io"])("takes the email %s", (email) => {
    expect(fieldProblem("email", email)).toBeUndefined();
  });

  it.each(["ada@", "ada", "@example.com", "ada@example", "ada@@example.com", "ada@exa mple.com", ".ada@example.com", "ada..l@example.com", "ada@-x.com"])(
    "refuses the email %s",
    (email) => expect(fieldProblem("email", email)).toBe("invalid"),
  );

  it.each(["+14155550123", "+44 20 7946 0958", "+49 (30) 1234-5678", "+972.3.555.1234"])("takes the international number %s", (phone) => {
    expect(fieldProblem("phone", phone)).toBeUndefined();
  });

  it.each(["4155550123", "+0123456789", "+1 555", "+1234567890123456", "+1 555 CALL NOW", "00441234567890"])("refuses the number %s", (phone) => {
    expect(fieldProblem("phone", phone)).toBe("invalid");
  });

  it("wants every asked field, and a name of at most 100 characters", () => {
    expect(leadProblems(["name", "email"], { name: "  ", email: "ada@example.com" })).toEqual({ name: "missing" });
    expect(leadProblems(["name"], { name: "A".repeat(101) })).toEqual({ name: "invalid" });
    expect(leadProblems(["email"], { name: "", email: "ada@example.com" })).toEqual({});
  });

  it("sends trimmed values, the number in E.164, and only the asked fields", () => {
    expect(cleanLead(["name", "phone"], { name: " Ada ", email: "x", phone: "+44 20 7946-0958" })).toEqual({ name: "Ada", phone: "+442079460958" });
  });
});
