import { describe, expect, it } from "vitest";
import { DEFAULT_TOKEN_LIFETIME_MS, MAX_EXPIRES_IN_SECONDS, parseExpiresIn, tokenTimes } from "./expiry.js";

describe("parseExpiresIn", () => {
  it.each([
    ["3600", 3600],
    [" 3600 ", 3600],
    [3600, 3600],
    ["1.5", 1.5],
    [MAX_EXPIRES_IN_SECONDS, MAX_EXPIRES_IN_SECONDS],
  ])("accepts %j", (input, expected) => {
    expect(parseExpiresIn(input)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    "",
    "soon",
    "3600s",
    "-5",
    -5,
    0,
    "0",
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "1e3",
    "0x10",
    MAX_EXPIRES_IN_SECONDS + 1,
    true,
    {},
    [3600],
  ])("falls back for %j", (input) => {
    expect(parseExpiresIn(input)).toBeUndefined();
  });
});

describe("tokenTimes", () => {
  const start = 1_700_000_000_000;

  it("prefers the JWT exp and iat", () => {
    expect(tokenTimes({ exp: 1524646270, iat: 1524642670 }, 60, start)).toEqual({
      expiresAt: 1524646270_000,
      issuedAt: 1524642670_000,
    });
  });

  it("uses expires_in from the request start when there is no exp", () => {
    expect(tokenTimes({}, 3600, start)).toEqual({ expiresAt: start + 3_600_000, issuedAt: start });
  });

  it("falls back to one hour from the request start", () => {
    expect(tokenTimes({}, undefined, start)).toEqual({
      expiresAt: start + DEFAULT_TOKEN_LIFETIME_MS,
      issuedAt: start,
    });
    expect(DEFAULT_TOKEN_LIFETIME_MS).toBe(3_600_000);
  });

  it("ignores a non-positive exp", () => {
    expect(tokenTimes({ exp: 0, iat: -1 }, undefined, start).expiresAt).toBe(
      start + DEFAULT_TOKEN_LIFETIME_MS,
    );
  });
});
