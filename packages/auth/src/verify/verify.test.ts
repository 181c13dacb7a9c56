import {
  AbortError,
  InvalidArgumentError,
  JwksFetchError,
  JwksNoMatchingKeyError,
  JwtClaimError,
  JwtExpiredError,
  JwtMalformedError,
  JwtSignatureError,
  NetworkError,
  TimeoutError,
} from "@lpkit/core";
import { exportJWK, exportSPKI, generateKeyPair, importSPKI, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from "vitest";
import { decodeAccessToken } from "../decode.js";
import {
  connectionRefused,
  createFakeLivePerson,
  json,
  SENTINEL_HOST,
} from "../test-support/fake-liveperson.js";
import { assertCollectedSecretFree, collector, expectFailure, expectThrow } from "../test-support/secrets.js";
import { createSentinelJwks } from "./sentinel-jwks.js";
import { SENTINEL_V1_PUBLIC_KEY_BASE64, SENTINEL_V1_PUBLIC_KEY_PEM } from "./v1-public-keys.js";
import { createAccessTokenVerifier, type VerifiedAccessToken, verifyAccessToken } from "./verify.js";

afterAll(assertCollectedSecretFree);

const ACCOUNT = "le81823118";
const NOW = Date.UTC(2026, 0, 1);
const nowSec = NOW / 1000;
const now = () => NOW;

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let signing: Keys;
let rotated: Keys;
let stranger: Keys;
let publicJwk: JWK;

beforeAll(async () => {
  [signing, rotated, stranger] = await Promise.all([
    generateKeyPair("RS256", { extractable: true }),
    generateKeyPair("RS256", { extractable: true }),
    generateKeyPair("RS256", { extractable: true }),
  ]);
  publicJwk = { ...(await exportJWK(signing.publicKey)), kid: "sentinel-2026-01", alg: "RS256", use: "sig" };
});

async function sign(
  claims: Record<string, unknown> = {},
  header: { kid?: string; alg?: string } = {},
  key: CryptoKey = signing.privateKey,
): Promise<string> {
  const jwt = await new SignJWT({
    iss: "Sentinel",
    aud: ACCOUNT,
    azp: "8f14e45f-ceea-467f-a0e6-0c3d5e1a7b21",
    scope: "faas.lambda.invoke",
    iat: nowSec - 60,
    exp: nowSec + 3540,
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "sentinel-2026-01", ...header })
    .sign(key);
  collector.secrets.push(jwt);
  return jwt;
}

function jwksServer(keys: JWK[] = [publicJwk]) {
  const lp = createFakeLivePerson();
  lp.setFallback("jwks", () => json({ keys }));
  return lp;
}

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("9. verification", () => {
  it("9. verification: a v2 token verifies against Sentinel's JWKS (fetched through the injected fetch)", async () => {
    const lp = jwksServer();
    const verified = await verifyAccessToken(await sign(), {
      accountId: ACCOUNT,
      sentinel: SENTINEL_HOST,
      fetch: lp.fetch,
      now,
    });
    expect(verified.version).toBe("v2");
    expect(verified.claims).toMatchObject({ iss: "Sentinel", aud: ACCOUNT, scope: "faas.lambda.invoke" });
    expect(verified.header).toMatchObject({ alg: "RS256", kid: "sentinel-2026-01" });
    expect(lp.requests("jwks")[0]!.url).toBe(`https://${SENTINEL_HOST}/sentinel/well-known/jwks`);
    expectTypeOf(verified).toEqualTypeOf<VerifiedAccessToken>();
  });

  it("9. verification: the JWKS is cached — many verifications, one fetch", async () => {
    const lp = jwksServer();
    const jwks = createSentinelJwks({ sentinel: SENTINEL_HOST, fetch: lp.fetch });
    const verifier = createAccessTokenVerifier({ accountId: ACCOUNT, jwks, now });
    for (let i = 0; i < 5; i++) {
      await verifier.verify(await sign());
    }
    expect(lp.requests("jwks")).toHaveLength(1);
  });

  it("9. verification: an unknown kid is JwksNoMatchingKeyError; within the cooldown it does not refetch", async () => {
    const lp = jwksServer();
    const verifier = createAccessTokenVerifier({
      accountId: ACCOUNT,
      jwks: createSentinelJwks({ sentinel: SENTINEL_HOST, fetch: lp.fetch }),
      now,
    });
    await verifier.verify(await sign());
    const unknown = await sign({}, { kid: "not-in-the-set" }, stranger.privateKey);
    expect(await expectFailure(verifier.verify(unknown))).toBeInstanceOf(JwksNoMatchingKeyError);
    expect(await expectFailure(verifier.verify(unknown))).toBeInstanceOf(JwksNoMatchingKeyError);
    expect(lp.requests("jwks")).toHaveLength(1);
  });

  it("9. verification: after the cooldown an unknown kid refetches (key rotation)", async () => {
    const lp = createFakeLivePerson();
    const rotatedJwk = { ...(await exportJWK(rotated.publicKey)), kid: "sentinel-2026-02", alg: "RS256" };
    lp.enqueue("jwks", json({ keys: [publicJwk] }), json({ keys: [publicJwk, rotatedJwk] }));
    const verifier = createAccessTokenVerifier({
      accountId: ACCOUNT,
      jwks: createSentinelJwks({ sentinel: SENTINEL_HOST, fetch: lp.fetch, cooldownMs: 0 }),
      now,
    });
    await verifier.verify(await sign());
    const next = await sign({}, { kid: "sentinel-2026-02" }, rotated.privateKey);
    expect((await verifier.verify(next)).header.kid).toBe("sentinel-2026-02");
    expect(lp.requests("jwks")).toHaveLength(2);
  });

  it.each([
    ["iss", { iss: "NotSentinel" }],
    ["aud", { aud: "99999999" }],
    ["exp", { exp: undefined }],
    ["iat", { iat: undefined }],
  ])("9. verification: a wrong or missing %s is JwtClaimError", async (claim, claims) => {
    const lp = jwksServer();
    const error = await expectFailure(
      verifyAccessToken(await sign(claims), {
        accountId: ACCOUNT,
        sentinel: SENTINEL_HOST,
        fetch: lp.fetch,
        now,
      }),
    );
    expect(error).toBeInstanceOf(JwtClaimError);
    expect(error).toMatchObject({ claim, code: "ERR_JWT_CLAIM_INVALID" });
  });

  it("9. verification: expired beyond the clock tolerance is JwtExpiredError; within 30 s it passes", async () => {
    const lp = jwksServer();
    const options = { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now };
    const expired = await sign({ iat: nowSec - 3700, exp: nowSec - 31 });
    const error = await expectFailure(verifyAccessToken(expired, options));
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect(error).toMatchObject({ expiredAt: nowSec - 31, code: "ERR_JWT_EXPIRED" });
    await expect(
      verifyAccessToken(await sign({ iat: nowSec - 3600, exp: nowSec - 20 }), options),
    ).resolves.toBeTruthy();
    expect(
      await expectFailure(
        verifyAccessToken(await sign({ iat: nowSec - 3600, exp: nowSec - 20 }), {
          ...options,
          clockToleranceSec: 10,
        }),
      ),
    ).toBeInstanceOf(JwtExpiredError);
  });

  it("9. verification: iat in the future (beyond tolerance) or too old is JwtClaimError", async () => {
    const lp = jwksServer();
    const options = { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now };
    expect(await expectFailure(verifyAccessToken(await sign({ iat: nowSec + 120 }), options))).toMatchObject({
      claim: "iat",
    });
    await expect(verifyAccessToken(await sign({ iat: nowSec + 20 }), options)).resolves.toBeTruthy();
    const old = await sign({ iat: nowSec - 90_000, exp: nowSec + 3600 });
    expect(await expectFailure(verifyAccessToken(old, options))).toMatchObject({ claim: "iat" });
  });

  it("9. verification: alg none is JwtSignatureError, before any JWKS request", async () => {
    const lp = jwksServer();
    const header = b64url({ alg: "none", typ: "JWT" });
    const payload = b64url({ iss: "Sentinel", aud: ACCOUNT, iat: nowSec, exp: nowSec + 60 });
    const error = await expectFailure(
      verifyAccessToken(`${header}.${payload}.x`, {
        accountId: ACCOUNT,
        sentinel: SENTINEL_HOST,
        fetch: lp.fetch,
        now,
      }),
    );
    expect(error).toBeInstanceOf(JwtSignatureError);
    expect(lp.requests("jwks")).toHaveLength(0);
  });

  it("9. verification: HS256 (e.g. signed with the public key as an HMAC secret) is JwtSignatureError", async () => {
    const lp = jwksServer();
    const pem = new TextEncoder().encode(await exportSPKI(signing.publicKey));
    const forged = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: nowSec, exp: nowSec + 60 })
      .setProtectedHeader({ alg: "HS256", kid: "sentinel-2026-01" })
      .sign(pem);
    collector.secrets.push(forged);
    const error = await expectFailure(
      verifyAccessToken(forged, { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now }),
    );
    expect(error).toBeInstanceOf(JwtSignatureError);
    expect(lp.requests("jwks")).toHaveLength(0);
  });

  it("9. verification: a tampered payload or a foreign key's signature is JwtSignatureError", async () => {
    const lp = jwksServer();
    const options = { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now };
    const [h, , s] = (await sign()).split(".");
    const tampered = `${h}.${b64url({ iss: "Sentinel", aud: ACCOUNT, iat: nowSec, exp: nowSec + 99_999, scope: "admin" })}.${s}`;
    expect(await expectFailure(verifyAccessToken(tampered, options))).toBeInstanceOf(JwtSignatureError);
    const foreign = await sign({}, {}, stranger.privateKey); // right kid, wrong key
    expect(await expectFailure(verifyAccessToken(foreign, options))).toBeInstanceOf(JwtSignatureError);
  });

  it("9. verification: malformed tokens are JwtMalformedError; non-strings InvalidArgumentError", async () => {
    const options = { accountId: ACCOUNT, version: "v1" as const, now };
    for (const bad of ["not-a-jwt", "a.b", "e30.e30.", "!!!.@@@.###"]) {
      expect(await expectFailure(verifyAccessToken(bad, options))).toBeInstanceOf(JwtMalformedError);
    }
    expect(await expectFailure(verifyAccessToken(42 as unknown as string, options))).toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it.each([
    ["a 500", () => json({ error: "boom" }, 500)],
    ["a non-JSON body", () => new Response("<html>", { status: 200 })],
    ["JSON that is not a JWKS", () => json({ keys: "nope" })],
  ])("9. verification: %s from the JWKS endpoint is JwksFetchError", async (_, answer) => {
    const lp = createFakeLivePerson();
    lp.setFallback("jwks", answer);
    const error = await expectFailure(
      verifyAccessToken(await sign(), { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now }),
    );
    expect(error).toBeInstanceOf(JwksFetchError);
    expect(error.message).not.toContain("eyJ");
  });

  it("9. verification: a network error from the JWKS endpoint is a NetworkError naming the origin", async () => {
    const lp = createFakeLivePerson();
    lp.setFallback("jwks", () => connectionRefused());
    const error = await expectFailure(
      verifyAccessToken(await sign(), { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: lp.fetch, now }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`https://${SENTINEL_HOST}:443`);
    expect(error.message).not.toContain("eyJ");
  });

  it("9. verification: a huge JWKS body is not read whole (bounded to 256 KiB): JwksFetchError", async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 64 * 1024;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    const jwks = createSentinelJwks({ sentinel: SENTINEL_HOST, fetch: async () => endless() });
    const error = await expectFailure(verifyAccessToken(await sign(), { accountId: ACCOUNT, jwks, now }));
    expect(error).toBeInstanceOf(JwksFetchError);
    expect(error.message).toMatch(/larger than 262144 bytes/);
    expect(pulled).toBeLessThan(1024 * 1024);
    // A declared Content-Length over the bound is refused without reading.
    const declared = createSentinelJwks({
      sentinel: SENTINEL_HOST,
      fetch: async () => json({ keys: [] }, 200, { "content-length": String(10 * 1024 * 1024) }),
    });
    expect(await expectFailure(declared.reload())).toBeInstanceOf(JwksFetchError);
  });

  it("9. verification: the JWKS timeout holds even when fetch or the body ignores the signal (TimeoutError)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      for (const deaf of [
        () => new Promise<Response>(() => {}),
        async () => new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })),
      ]) {
        const jwks = createSentinelJwks({ sentinel: SENTINEL_HOST, fetch: deaf, timeoutMs: 1_500 });
        const pending = expectFailure(verifyAccessToken(await sign(), { accountId: ACCOUNT, jwks, now }));
        await vi.advanceTimersByTimeAsync(1_500);
        const error = await pending;
        expect(error).toBeInstanceOf(TimeoutError);
        expect(error).toMatchObject({ timeoutMs: 1_500 });
        expect(error.message).toMatch(/within 1500 ms/);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("9. verification: the JWKS request has a timeout, 5 s by default (no real waiting)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const hanging = (request: Request) =>
        new Promise<Response>((_resolve, reject) => {
          if (request.signal.aborted) {
            reject(request.signal.reason);
          }
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
        });
      const pending = expectFailure(
        verifyAccessToken(await sign(), { accountId: ACCOUNT, sentinel: SENTINEL_HOST, fetch: hanging, now }),
      );
      await vi.advanceTimersByTimeAsync(4_999);
      await vi.advanceTimersByTimeAsync(1);
      const error = await pending;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ timeoutMs: 5_000 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("9. verification: v1 uses the published static key by default (RSA-2048 SPKI from the seed)", async () => {
    const key = await importSPKI(SENTINEL_V1_PUBLIC_KEY_PEM, "RS256", { extractable: true });
    const jwk = await exportJWK(key);
    expect(jwk.kty).toBe("RSA");
    expect(atob(jwk.n!.replace(/-/g, "+").replace(/_/g, "/")).length).toBe(256);
    expect(SENTINEL_V1_PUBLIC_KEY_PEM).toMatch(
      /^-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvGQctwBFFZBaSu/,
    );
    // A token signed by any other key fails against it.
    const error = await expectFailure(
      verifyAccessToken(await sign(), { accountId: ACCOUNT, version: "v1", now }),
    );
    expect(error).toBeInstanceOf(JwtSignatureError);
  });

  it("9. verification: other zones' v1 keys are configurable (PEM, base64 SPKI or JWK); each is tried", async () => {
    const pem = await exportSPKI(signing.publicKey);
    const base64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const jwt = await sign();
    for (const key of [pem, base64, publicJwk]) {
      const verified = await verifyAccessToken(jwt, {
        accountId: ACCOUNT,
        version: "v1",
        v1Keys: [SENTINEL_V1_PUBLIC_KEY_BASE64, key],
        now,
      });
      expect(verified.version).toBe("v1");
    }
    expect(
      expectThrow(() => createAccessTokenVerifier({ accountId: ACCOUNT, version: "v1", v1Keys: [] })),
    ).toBeInstanceOf(InvalidArgumentError);
    expect(
      await expectFailure(
        verifyAccessToken(jwt, { accountId: ACCOUNT, version: "v1", v1Keys: ["not a key"], now }),
      ),
    ).toBeInstanceOf(InvalidArgumentError);
  });

  it("9. verification: a v1 token is checked for iss, aud and exp as well", async () => {
    const pem = await exportSPKI(signing.publicKey);
    const options = { accountId: ACCOUNT, version: "v1" as const, v1Keys: [pem], now };
    expect(await expectFailure(verifyAccessToken(await sign({ aud: "other" }), options))).toMatchObject({
      claim: "aud",
    });
    expect(await expectFailure(verifyAccessToken(await sign({ exp: nowSec - 600 }), options))).toBeInstanceOf(
      JwtExpiredError,
    );
  });

  it("9. verification: accepts an Authorization header value; a caller's signal ends only its wait", async () => {
    const lp = jwksServer();
    const verifier = createAccessTokenVerifier({
      accountId: ACCOUNT,
      sentinel: SENTINEL_HOST,
      fetch: lp.fetch,
      now,
    });
    const jwt = await sign();
    expect((await verifier.verify(`Bearer ${jwt}`)).claims.aud).toBe(ACCOUNT);
    expect(await expectFailure(verifier.verify(jwt, { signal: AbortSignal.abort() }))).toBeInstanceOf(
      AbortError,
    );
  });

  it("9. verification: decodeAccessToken reads claims without verifying", async () => {
    const jwt = await sign({}, {}, stranger.privateKey);
    const { header, claims } = decodeAccessToken(`Bearer ${jwt}`);
    expect(header.alg).toBe("RS256");
    expect(claims.aud).toBe(ACCOUNT);
    expect(expectThrow(() => decodeAccessToken("nope"))).toBeInstanceOf(JwtMalformedError);
    expect(expectThrow(() => decodeAccessToken(""))).toBeInstanceOf(InvalidArgumentError);
  });
});
