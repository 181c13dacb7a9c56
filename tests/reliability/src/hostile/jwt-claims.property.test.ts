/**
 * JWT claim checks, property-based: for any combination of `iss`, `aud`, `exp`, `iat` and `nbf`
 * around the verifier's clock, a correctly signed token is accepted exactly when every claim is
 * within the rules (30 s tolerance, one day maximum age), and otherwise refused with a typed error
 * that names one of the claims that is wrong.
 *
 * @module
 */
import { createAccessTokenVerifier } from "@lpkit/auth/verify";
import { isLpkitError, JwtClaimError, JwtExpiredError } from "@lpkit/core";
import fc from "fast-check";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

const ACCOUNT = "12345678";
const NOW = Date.UTC(2026, 0, 1) / 1000;
const TOLERANCE = 30;
const MAX_AGE = 86_400;

let privateKey: CryptoKey;
let publicJwk: JWK;
beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
});

/** Mostly valid claims (so acceptance is exercised), with every kind of wrong value mixed in. */
const claimSet = fc.record(
  {
    iss: fc.oneof(
      { arbitrary: fc.constant("Sentinel"), weight: 6 },
      { arbitrary: fc.constantFrom("sentinel", "Sentinel ", ""), weight: 1 },
      { arbitrary: fc.string(), weight: 1 },
    ),
    aud: fc.oneof(
      { arbitrary: fc.constant(ACCOUNT), weight: 5 },
      { arbitrary: fc.constantFrom("87654321", `${ACCOUNT}0`, ""), weight: 1 },
      {
        arbitrary: fc.array(fc.constantFrom(ACCOUNT, "87654321", "le1"), { minLength: 1, maxLength: 3 }),
        weight: 2,
      },
    ),
    exp: fc.integer({ min: -600, max: 7_200 }).map((d) => NOW + d),
    iat: fc
      .oneof(
        { arbitrary: fc.integer({ min: -3_600, max: 60 }), weight: 5 },
        { arbitrary: fc.integer({ min: -2 * MAX_AGE, max: 600 }), weight: 2 },
      )
      .map((d) => NOW + d),
    nbf: fc.integer({ min: -600, max: 120 }).map((d) => NOW + d),
  },
  { requiredKeys: ["iss", "aud"] },
);

type Claims = { iss: string; aud: string | string[]; exp?: number; iat?: number; nbf?: number };

/** The rules, written independently of the implementation: which claims are wrong. */
function wrongClaims(c: Claims): Set<string> {
  const wrong = new Set<string>();
  if (c.iss !== "Sentinel") {
    wrong.add("iss");
  }
  if (!(c.aud === ACCOUNT || (Array.isArray(c.aud) && c.aud.includes(ACCOUNT)))) {
    wrong.add("aud");
  }
  if (c.exp === undefined || c.exp <= NOW - TOLERANCE) {
    wrong.add("exp");
  }
  if (c.iat === undefined || c.iat > NOW + TOLERANCE || NOW - c.iat - TOLERANCE > MAX_AGE) {
    wrong.add("iat");
  }
  if (c.nbf !== undefined && c.nbf > NOW + TOLERANCE) {
    wrong.add("nbf");
  }
  return wrong;
}

describe("JWT claim checks (property-based)", () => {
  it("a signed token is accepted iff every claim is within the rules; else a typed error names a wrong claim", async () => {
    const verifier = createAccessTokenVerifier({
      accountId: ACCOUNT,
      version: "v1",
      v1Keys: [publicJwk],
      now: () => NOW * 1000,
    });
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(claimSet, async (claims) => {
        const jwt = await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: "RS256", typ: "JWT" })
          .sign(privateKey);
        const wrong = wrongClaims(claims);
        let error: unknown;
        try {
          const verified = await verifier.verify(jwt);
          expect(verified.claims.aud).toEqual(claims.aud);
        } catch (e) {
          error = e;
        }
        if (wrong.size === 0) {
          expect(error).toBeUndefined();
          accepted += 1;
          return;
        }
        refused += 1;
        expect(isLpkitError(error), `typed error for ${[...wrong].join(",")}`).toBe(true);
        const claim =
          error instanceof JwtExpiredError ? "exp" : error instanceof JwtClaimError ? error.claim : "?";
        expect([...wrong]).toContain(claim);
        expect(String((error as Error).message)).not.toContain(jwt);
      }),
      { numRuns: 300 },
    );
    // Both sides of the rule were exercised.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  it("a wider tolerance moves the boundaries by exactly that much", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: -700, max: 700 }),
        async (tolerance, delta) => {
          const verifier = createAccessTokenVerifier({
            accountId: ACCOUNT,
            version: "v1",
            v1Keys: [publicJwk],
            now: () => NOW * 1000,
            clockToleranceSec: tolerance,
          });
          const jwt = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: NOW - 3_600, exp: NOW + delta })
            .setProtectedHeader({ alg: "RS256" })
            .sign(privateKey);
          const ok = await verifier.verify(jwt).then(
            () => true,
            (e: unknown) => {
              expect(e).toBeInstanceOf(JwtExpiredError);
              return false;
            },
          );
          expect(ok).toBe(NOW + delta > NOW - tolerance);
        },
      ),
      { numRuns: 100 },
    );
  });
});
