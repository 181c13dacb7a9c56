import { describe, expect, it } from "vitest";
import {
  DEFAULT_TOKEN_LIFETIME_MS,
  MAX_EXPIRES_IN_SECONDS,
  MAX_TRUSTED_LIFETIME_MS,
  parseExpiresIn,
  tokenTimes,
} from "./expiry.js";

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

  it("takes the JWT exp and iat, or expires_in when it is sooner", () => {
    const at = 1524642671_000;
    expect(tokenTimes({ exp: 1524646270, iat: 1524642670 }, undefined, at)).toEqual({
      expiresAt: 1524646270_000,
      issuedAt: 1524642670_000,
    });
    expect(tokenTimes({ exp: 1524646270, iat: 1524642670 }, 60, at)).toEqual({
      expiresAt: at + 60_000,
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

  // Attack: a JWT exp ≤ 0 was taken as a one-hour token, so an expired token was sent.
  it("13.9 exp ≤ 0 (or iat ≤ 0) is unusable, not a one-hour token", () => {
    for (const claims of [{ exp: 0 }, { exp: -1 }, { exp: -1e9, iat: 1 }, { exp: 1_800_000_000, iat: -1 }]) {
      expect(tokenTimes(claims, undefined, start), JSON.stringify(claims)).toEqual({
        unusable: expect.stringMatching(/is not a positive time/),
      });
    }
  });

  it("13.9 exp ≤ iat, or exp in the past, is unusable", () => {
    const now = start / 1000;
    expect(tokenTimes({ exp: now + 60, iat: now + 60 }, undefined, start)).toEqual({
      unusable: expect.stringMatching(/"exp" .* is not after its "iat"/),
    });
    expect(tokenTimes({ exp: now + 60, iat: now + 3600 }, undefined, start)).toHaveProperty("unusable");
    expect(tokenTimes({ exp: now - 1, iat: now - 3600 }, undefined, start)).toEqual({
      unusable: expect.stringMatching(/has already expired/),
    });
    expect(tokenTimes({ exp: now }, 3600, start)).toHaveProperty("unusable");
  });

  // Attack: an exp years ahead was cached until then.
  it("13.9 an exp years ahead is trusted for 24 hours after iat at most", () => {
    const now = start / 1000;
    expect(MAX_TRUSTED_LIFETIME_MS).toBe(86_400_000);
    expect(tokenTimes({ exp: now + 10 * 365 * 86_400, iat: now }, undefined, start)).toEqual({
      expiresAt: start + MAX_TRUSTED_LIFETIME_MS,
      issuedAt: start,
    });
    // Without iat, from the request start; expires_in still wins when it is sooner.
    expect(tokenTimes({ exp: now + 10 * 365 * 86_400 }, undefined, start)).toMatchObject({
      expiresAt: start + MAX_TRUSTED_LIFETIME_MS,
    });
    expect(tokenTimes({ exp: now + 10 * 365 * 86_400 }, 3600, start)).toMatchObject({
      expiresAt: start + 3_600_000,
    });
    // A year-long expires_in without exp is capped too.
    expect(tokenTimes({}, 365 * 86_400, start)).toMatchObject({ expiresAt: start + MAX_TRUSTED_LIFETIME_MS });
  });
});
