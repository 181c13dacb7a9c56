import { JwtMalformedError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { decodeConsumerJws, MAX_CONSUMER_JWS_LENGTH } from "./decode-consumer-jws.js";
import { b64, DOC_JWS, jws } from "./test-support/fixtures.js";

const LP_ID = "ab".repeat(32);

describe("decodeConsumerJws", () => {
  it("decodes the documentation's ConsumerJWS: the three claims, no exp", () => {
    const { header, claims } = decodeConsumerJws(DOC_JWS);
    expect(header).toEqual({ kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" });
    expect(claims).toEqual({
      account_id: "le31457780",
      ext_consumer_id: "random_id0.17307796875",
      lp_consumer_id: "29caf0c11486996d9387e3a44ec34229d127304db4966d7752716bceb538fa24",
    });
    expect("exp" in claims).toBe(false);
  });

  it("decodes non-ASCII claims and an empty signature", () => {
    const token = `${b64({ alg: "none" })}.${b64({ account_id: "1", ext_consumer_id: "Zoë 😀", lp_consumer_id: LP_ID })}.`;
    expect(decodeConsumerJws(token).claims.ext_consumer_id).toBe("Zoë 😀");
  });

  const bad: [string, unknown][] = [
    ["not a string", 42],
    ["null", null],
    ["two parts", "eyJhIjoxfQ.eyJhIjoxfQ"],
    ["characters outside base64url", "eyJ+.eyJ/.x"],
    ["a header that is not JSON", `${b64("nope")}.${b64({ a: 1 })}.x`],
    ["a payload that is an array", jws([1, 2])],
    [
      "a payload that is not UTF-8",
      `${b64({ alg: "RS256" })}.${Buffer.from([0xff, 0xfe]).toString("base64url")}.x`,
    ],
    ["no account_id", jws({ ext_consumer_id: "a", lp_consumer_id: LP_ID })],
    ["an empty ext_consumer_id", jws({ account_id: "1", ext_consumer_id: "", lp_consumer_id: LP_ID })],
    [
      "an upper-case lp_consumer_id",
      jws({ account_id: "1", ext_consumer_id: "a", lp_consumer_id: LP_ID.toUpperCase() }),
    ],
    ["a numeric kid", jws({ account_id: "1", ext_consumer_id: "a", lp_consumer_id: LP_ID }, { kid: 7 })],
    ["a token that is too long", `${"a".repeat(MAX_CONSUMER_JWS_LENGTH)}.b.c`],
  ];
  for (const [what, token] of bad) {
    it(`refuses ${what} with JwtMalformedError, never echoing the token`, () => {
      let caught: unknown;
      try {
        decodeConsumerJws(token as string);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(JwtMalformedError);
      if (typeof token === "string" && token.length > 20) {
        expect((caught as Error).message).not.toContain(token.slice(0, 20));
      }
    });
  }
});
