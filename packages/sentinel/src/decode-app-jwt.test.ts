import { JwtMalformedError } from "@lpkit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { decodeBase64Url, decodeBase64UrlText } from "./base64url.js";
import { decodeAppJwt, MAX_JWT_LENGTH } from "./decode-app-jwt.js";
import { base64UrlText, decodePart, makeJwt, SEED_TOKEN } from "./test-support/fixtures.js";
import type { AppJwtClaims, AppJwtHeader } from "./types.js";

describe("decodeAppJwt", () => {
  it("decodes the documented sample token (seeds 000/002)", () => {
    const { header, claims } = decodeAppJwt(SEED_TOKEN);
    expect(header).toEqual({ kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" });
    expect(claims).toEqual({
      aud: "le81823118",
      azp: "75588e18-0213-4e33-8174-883acac7e3c4",
      scope: "msg.consumer",
      iss: "Sentinel",
      exp: 1524646270,
      iat: 1524642670,
    });
    // "An AppJWT is valid for one hour."
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expectTypeOf(header).toEqualTypeOf<AppJwtHeader>();
    expectTypeOf(claims).toEqualTypeOf<AppJwtClaims>();
  });

  it("agrees with an independent decoder and keeps unknown members", () => {
    const claims = { aud: ["a", "b"], azp: "x", exp: 1.5, custom: { nested: true }, name: "Zoë ✓" };
    const jwt = makeJwt(claims, { alg: "RS256", extra: 1 });
    const decoded = decodeAppJwt(jwt);
    expect(decoded.claims).toEqual(decodePart(jwt.split(".")[1] ?? ""));
    expect(decoded.claims.name).toBe("Zoë ✓");
    expect(decoded.header.extra).toBe(1);
  });

  const bad: [string, unknown][] = [
    ["not a string", 42],
    ["null", null],
    ["empty", ""],
    ["two parts", "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ"],
    ["four parts", `${makeJwt({})}.x`],
    ["an empty signature", `${makeJwt({}).split(".").slice(0, 2).join(".")}.`],
    ["padding characters", `${makeJwt({}).split(".")[0]}=.eyJhIjoxfQ.c2ln`],
    ["standard base64 characters", `${makeJwt({}).split(".")[0]}.eyJh+IjoxfQ.c2ln`],
    ["an impossible base64 length", `${makeJwt({}).split(".")[0]}.eyJhI.c2ln`],
    ["a non-JSON header", `${base64UrlText("not json")}.${base64UrlText("{}")}.c2ln`],
    ["a non-JSON payload", `${base64UrlText('{"alg":"RS256"}')}.${base64UrlText("nope")}.c2ln`],
    ["invalid UTF-8", `${base64UrlText('{"alg":"RS256"}')}._w.c2ln`],
    ["an array payload", `${base64UrlText('{"alg":"RS256"}')}.${base64UrlText("[1]")}.c2ln`],
    ["a header without alg", makeJwt({}, { typ: "JWT" })],
    ["a numeric kid", makeJwt({}, { alg: "RS256", kid: 7 })],
    ["a string exp", makeJwt({ exp: "1524646270" })],
    ["a non-finite iat", `${base64UrlText('{"alg":"RS256"}')}.${base64UrlText('{"iat":1e999}')}.c2ln`],
    ["a numeric aud", makeJwt({ aud: 12345678 })],
    ["an aud array with a number", makeJwt({ aud: ["a", 1] })],
    ["a numeric iss", makeJwt({ iss: 1 })],
    ["an overlong token", `${makeJwt({}).split(".")[0]}.${"A".repeat(MAX_JWT_LENGTH)}.c2ln`],
  ];
  it.each(bad)("rejects %s with JwtMalformedError that does not quote the token", (_name, input) => {
    let thrown: unknown;
    try {
      decodeAppJwt(input as string);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JwtMalformedError);
    const error = thrown as JwtMalformedError;
    expect(error.code).toBe("ERR_JWT_MALFORMED");
    if (typeof input === "string" && input.length > 8) {
      for (const part of input.split(".").filter((p) => p.length > 8)) {
        expect(error.message).not.toContain(part);
      }
    }
  });
});

describe("base64url", () => {
  it("decodes every padding length", () => {
    for (const text of ["", "f", "fo", "foo", "foob", "fooba", "foobar"]) {
      expect(decodeBase64UrlText(base64UrlText(text))).toBe(text);
    }
  });

  it("decodes bytes that need - and _", () => {
    expect(Array.from(decodeBase64Url("-_8") ?? [])).toEqual([0xfb, 0xff]);
  });

  it("rejects what is not base64url", () => {
    expect(decodeBase64Url("a+b/")).toBeUndefined();
    expect(decodeBase64Url("abcde")).toBeUndefined();
    expect(decodeBase64UrlText("_w")).toBeUndefined();
  });
});
