import { describe, expect, it } from "vitest";
import { secretForms } from "./secret-forms.js";

describe("secretForms", () => {
  it("lists the verbatim, form-encoded, percent-encoded and JSON-escaped spellings once each", () => {
    expect(secretForms('a b&c"\\')).toEqual(['a b&c"\\', "a+b%26c%22%5C", "a%20b%26c%22%5C", 'a b&c\\"\\\\']);
    expect(secretForms("plain")).toEqual(["plain"]);
  });
});
