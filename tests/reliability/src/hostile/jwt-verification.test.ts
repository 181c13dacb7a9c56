/**
 * JWT verification refuses every forgery and every token outside its validity: `alg: none`, HS256
 * signed with the public key as the HMAC secret, a wrong `iss` or `aud`, expired, not yet valid,
 * issued in the future, an unknown `kid` (with at most one JWKS refetch per cooldown) — and the
 * documentation's sample token, which decodes to its documented claims but does not verify against
 * the published v1 key.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { decodeAccessToken } from "@lpkit/auth";
import {
  createAccessTokenVerifier,
  createSentinelJwks,
  SENTINEL_V1_PUBLIC_KEY_PEM,
  verifyAccessToken,
} from "@lpkit/auth/verify";
import { JwtClaimError, JwtExpiredError, JwtMalformedError, JwtSignatureError } from "@lpkit/core";
import { decodeAppJwt } from "@lpkit/sentinel";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useEmulator } from "../harness/world.js";

const ACCOUNT = "12345678";
const NOW_MS = Date.UTC(2026, 0, 1);
const NOW = NOW_MS / 1000;
const now = () => NOW_MS;

let privateKey: CryptoKey;
let publicJwk: JWK;
beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
});

afterEach(() => {
  vi.useRealTimers();
});

function b64url(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

async function sign(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: NOW - 60, exp: NOW + 3540, ...claims })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...header })
    .sign(privateKey);
}

/** A v1 verifier that trusts the test key (no network at all). */
function v1(options: { clockToleranceSec?: number } = {}) {
  return createAccessTokenVerifier({
    accountId: ACCOUNT,
    version: "v1",
    v1Keys: [publicJwk],
    now,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the verification to fail");
}

describe("JWT verification: forgeries", () => {
  it("a valid token verifies (the baseline the refusals are measured against)", async () => {
    const { claims } = await v1().verify(await sign());
    expect(claims).toMatchObject({ iss: "Sentinel", aud: ACCOUNT });
  });

  it("alg: none — with an empty signature it is malformed, with any signature it is refused; no JWKS request", async () => {
    const fetch = vi.fn(async () => new Response("{}"));
    const header = b64url({ alg: "none", typ: "JWT" });
    const payload = b64url({ iss: "Sentinel", aud: ACCOUNT, iat: NOW, exp: NOW + 60 });
    const jwks = createAccessTokenVerifier({
      accountId: ACCOUNT,
      jwksUrl: "https://sentinel.example/jwks",
      fetch,
      now,
    });
    expect(await rejection(jwks.verify(`${header}.${payload}.`))).toBeInstanceOf(JwtMalformedError);
    expect(await rejection(jwks.verify(`${header}.${payload}.c2ln`))).toBeInstanceOf(JwtSignatureError);
    expect(await rejection(v1().verify(`${header}.${payload}.c2ln`))).toBeInstanceOf(JwtSignatureError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("HS256 signed with the public key (PEM or JWK modulus) as the HMAC secret → JwtSignatureError", async () => {
    const fetch = vi.fn(async () => new Response("{}"));
    for (const secret of [SENTINEL_V1_PUBLIC_KEY_PEM, String(publicJwk.n)]) {
      const forged = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: NOW, exp: NOW + 60 })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode(secret));
      const error = await rejection(verifyAccessToken(forged, { accountId: ACCOUNT, version: "v1", now }));
      expect(error).toBeInstanceOf(JwtSignatureError);
      expect(error.message).toContain("RS256");
      const viaJwks = createAccessTokenVerifier({
        accountId: ACCOUNT,
        jwksUrl: "https://s.example/jwks",
        fetch,
        now,
      });
      expect(await rejection(viaJwks.verify(forged))).toBeInstanceOf(JwtSignatureError);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it("a token signed by another RSA key → JwtSignatureError", async () => {
    const other = await generateKeyPair("RS256");
    const token = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: NOW, exp: NOW + 60 })
      .setProtectedHeader({ alg: "RS256" })
      .sign(other.privateKey);
    expect(await rejection(v1().verify(token))).toBeInstanceOf(JwtSignatureError);
  });

  it("the sample token of 002_e5bc7eee570a0655.txt decodes to its documented claims but fails against the v1 key", async () => {
    const spec = readFileSync(new URL("../../../../specs/sentinel.yaml", import.meta.url), "utf8");
    const sample = /access_token: (eyJraWQiOiJhcHBqd3QtMTMtMDUtMTci[\w.-]+)/.exec(spec)?.[1] as string;
    expect(sample.split(".")).toHaveLength(3);
    expect(decodeAppJwt(sample)).toEqual({
      header: { kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" },
      claims: {
        aud: "le81823118",
        azp: "75588e18-0213-4e33-8174-883acac7e3c4",
        scope: "msg.consumer",
        iss: "Sentinel",
        exp: 1524646270,
        iat: 1524642670,
      },
    });
    expect(decodeAccessToken(`Bearer ${sample}`).claims.exp).toBe(1524642670 + 3600);
    // Verified at a time inside its validity, for its own account: only the signature can fail.
    const error = await rejection(
      verifyAccessToken(sample, {
        accountId: "le81823118",
        version: "v1",
        now: () => 1524642670_000 + 60_000,
      }),
    );
    expect(error).toBeInstanceOf(JwtSignatureError);
    expect(error).toMatchObject({ code: "ERR_JWT_SIGNATURE_INVALID" });
    expect(error.message).not.toContain(sample.split(".")[2] as string);
  });
});

describe("JWT verification: claims", () => {
  it("wrong iss → JwtClaimError(iss)", async () => {
    expect(await rejection(v1().verify(await sign({ iss: "Sentinel2" })))).toMatchObject({
      code: "ERR_JWT_CLAIM_INVALID",
      claim: "iss",
    });
  });

  it("wrong aud (another account, or none) → JwtClaimError(aud)", async () => {
    for (const aud of ["87654321", ["87654321", "le1"], ""]) {
      expect(await rejection(v1().verify(await sign({ aud })))).toMatchObject({ claim: "aud" });
    }
  });

  it("expired beyond the 30 s tolerance → JwtExpiredError with expiredAt; within it → valid", async () => {
    const error = await rejection(v1().verify(await sign({ iat: NOW - 3700, exp: NOW - 31 })));
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect(error).toMatchObject({ code: "ERR_JWT_EXPIRED", expiredAt: NOW - 31 });
    await v1().verify(await sign({ iat: NOW - 3600, exp: NOW - 29 }));
  });

  it("not yet valid (nbf beyond the tolerance) → JwtClaimError(nbf)", async () => {
    expect(await rejection(v1().verify(await sign({ nbf: NOW + 120 })))).toBeInstanceOf(JwtClaimError);
    expect(await rejection(v1().verify(await sign({ nbf: NOW + 120 })))).toMatchObject({ claim: "nbf" });
    await v1().verify(await sign({ nbf: NOW + 20 }));
  });

  it("issued in the future (iat beyond the tolerance) or without exp/iat → JwtClaimError", async () => {
    expect(await rejection(v1().verify(await sign({ iat: NOW + 300 })))).toMatchObject({ claim: "iat" });
    expect(await rejection(v1().verify(await sign({ exp: undefined })))).toMatchObject({ claim: "exp" });
    expect(await rejection(v1().verify(await sign({ iat: undefined })))).toMatchObject({ claim: "iat" });
  });
});

describe("JWT verification: unknown kid and JWKS requests", () => {
  const env = useEmulator();

  it("an unknown kid costs one JWKS request, and at most one more per 30 s cooldown", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const w = env.world();
    const jwks = createSentinelJwks({ sentinel: w.emulator.hosts.sentinel, fetch: w.fetch });
    const verifier = createAccessTokenVerifier({ accountId: w.account.accountId, jwks, now: w.clock.now });
    const t = Math.floor(w.clock.now() / 1000);
    const forged = await new SignJWT({ iss: "Sentinel", aud: w.account.accountId, iat: t, exp: t + 60 })
      .setProtectedHeader({ alg: "RS256", kid: "rotated-out-long-ago" })
      .sign(privateKey);
    const count = () => w.emulator.stats().requests.byRoute["sentinel.jwks"]?.total ?? 0;
    for (let i = 0; i < 50; i++) {
      expect(await rejection(verifier.verify(forged))).toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    }
    expect(count()).toBe(1);
    vi.setSystemTime(Date.now() + 29_000);
    await rejection(verifier.verify(forged));
    expect(count()).toBe(1);
    vi.setSystemTime(Date.now() + 2_000);
    await Promise.all(Array.from({ length: 20 }, () => rejection(verifier.verify(forged))));
    expect(count()).toBe(2);
    // A real token of the emulator still verifies from the cache.
    await verifier.verify(await w.mint());
    expect(count()).toBe(2);
  });
});
