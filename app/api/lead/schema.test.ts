import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/http/api-error.ts";
import { parseLeadRequest } from "./schema.ts";

const fields = ["name", "email"] as const;

function refusal(body: string, asked: readonly ("name" | "email" | "phone")[] = fields): ApiError {
  try {
    parseLeadRequest(body, asked);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error(`accepted ${body}`);
}

describe("parseLeadRequest", () => {
  it("takes exactly the asked fields, trimmed, the phone in E.164", () => {
    expect(parseLeadRequest(JSON.stringify({ visitorId: "v-1", name: " Ada ", email: "ada@example.com" }), fields)).toEqual({
      visitorId: "v-1",
      values: { name: "Ada", email: "ada@example.com" },
    });
    expect(parseLeadRequest(JSON.stringify({ visitorId: "v-1", phone: "+1 (415) 555-0123" }), ["phone"]).values).toEqual({ phone: "+14155550123" });
  });

  it("names the refused field in its code, in English for the log and in the visitor's language for them", () => {
    const error = refusal(JSON.stringify({ visitorId: "v-1", name: "Ada", email: "ada@" }));
    expect(error).toMatchObject({ status: 400, code: "invalid_email", message: "email: Please enter an email address such as name@example.com." });
    expect(refusal(JSON.stringify({ visitorId: "v-1", email: "ada@example.com" })).code).toBe("invalid_name");
  });

  it.each([
    ["", "invalid_json"],
    ["[]", "invalid_request"],
    ["null", "invalid_request"],
    ['"text"', "invalid_request"],
    ['{"visitorId":"v-1","name":"Ada","email":"ada@example.com","phone":"+14155550123"}', "invalid_request"],
    ['{"name":"Ada","email":"ada@example.com"}', "invalid_request"],
    ['{"visitorId":"../x","name":"Ada","email":"ada@example.com"}', "invalid_request"],
    ['{"visitorId":"v-1","name":["Ada"],"email":"ada@example.com"}', "invalid_request"],
    [`{"visitorId":"v-1","name":"${"A".repeat(301)}","email":"ada@example.com"}`, "invalid_request"],
  ])("refuses %s with 400 %s", (body, code) => {
    expect(refusal(body)).toMatchObject({ status: 400, code });
  });

  it("answers any body with a 400 or a lead, never anything else (a seeded fuzz)", () => {
    let seed = 19;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pieces = ['{', '}', '"visitorId"', '"name"', '"email"', '"phone"', ':', ',', '"v-1"', '"ada@example.com"', '"+1415"', 'null', '1', '[', ']', '"\\u0000"', '"__proto__"'];
    for (let i = 0; i < 2_000; i++) {
      const body = Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      try {
        parseLeadRequest(body, ["name", "email", "phone"]);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(400);
      }
    }
  });
});
