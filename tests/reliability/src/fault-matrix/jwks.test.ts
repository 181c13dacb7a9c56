/**
 * Fault matrix, JWKS (Sentinel's v2 signing keys) as a service that verifies tokens meets it:
 * HTTP failures are `JwksFetchError`, no answer is a `NetworkError` / `TimeoutError`, a key rotation is picked up with one refetch, an unknown
 * `kid` costs at most one refetch per cooldown, and a verifier whose clock is minutes off refuses
 * tokens "issued in the future".
 *
 * @module
 */
import { type AccessTokenVerifier, createAccessTokenVerifier, createSentinelJwks } from "@lpkit/auth/verify";
import { JwksFetchError, JwksNoMatchingKeyError, JwtClaimError, NetworkError } from "@lpkit/core";
import { createSentinelClient } from "@lpkit/sentinel";
import { generateKeyPair, SignJWT } from "jose";
import { afterEach, describe, expect, vi } from "vitest";
import { scenario } from "../harness/scenario.js";
import { useEmulator, type World } from "../harness/world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

const env = useEmulator();
const JWKS = "sentinel.jwks" as const;

afterEach(() => {
  vi.useRealTimers();
});

function verifier(
  w: World,
  options: { jwksTimeoutMs?: number; now?: () => number } = {},
): AccessTokenVerifier {
  return createAccessTokenVerifier({
    accountId: w.account.accountId,
    sentinel: w.emulator.hosts.sentinel,
    fetch: w.fetch,
    now: options.now ?? w.clock.now,
    jwksTimeoutMs: options.jwksTimeoutMs,
  });
}

describe("JWKS fetch failures", () => {
  for (const [label, rule] of [
    ["503", { status: 503 }],
    ["HTML 502 page from a proxy", { kind: "html" }],
    ["truncated JSON", { kind: "truncated-json" }],
    ["malformed JSON", { kind: "malformed-json" }],
  ] as const) {
    scenario(env, `${label} → verification fails with JwksFetchError, 1 JWKS request`, async (w) => {
      const token = await w.mint();
      w.emulator.fault({ route: JWKS, ...rule });
      const error = await w.failure(verifier(w).verify(token));
      expect(error).toBeInstanceOf(JwksFetchError);
      expect(error).toMatchObject({ code: "ERR_JWKS_FETCH" });
      expect(w.requests(JWKS)).toBe(1);
    });
  }

  scenario(
    env,
    "connection reset → verification fails with NetworkError naming the origin, 1 JWKS request",
    async (w) => {
      const token = await w.mint();
      w.emulator.fault({ route: JWKS, kind: "reset" });
      const error = await w.failure(verifier(w).verify(token));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(/could not reach https?:\/\/[^/\s]+:\d+/);
      expect(w.requests(JWKS)).toBe(1);
    },
  );

  scenario(env, "no answer (hang) → TimeoutError after jwksTimeoutMs, 1 request", async (w) => {
    const token = await w.mint();
    w.emulator.fault({ route: JWKS, kind: "hang" });
    // The request must reach the emulator (counted below) before the deadline: see HANG_DEADLINE_MS.
    const error = await w.failure(verifier(w, { jwksTimeoutMs: HANG_DEADLINE_MS }).verify(token));
    expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: HANG_DEADLINE_MS });
    expect(error.message).toContain(`within ${HANG_DEADLINE_MS} ms`);
    expect(w.requests(JWKS)).toBe(1);
    expect(w.answered(JWKS, "hang")).toBe(1);
  });

  scenario(
    env,
    "Sentinel client getJwks: empty body → JwksFetchError; text/plain JSON → accepted",
    async (w) => {
      const sentinel = createSentinelClient({ baseUrl: w.emulator.hosts.sentinel, fetch: w.fetch });
      w.emulator.fault({ route: JWKS, kind: "empty-body", times: 1 });
      expect(await w.failure(sentinel.getJwks())).toMatchObject({ code: "ERR_JWKS_FETCH" });
      w.emulator.fault({ route: JWKS, kind: "wrong-content-type", times: 1 });
      const jwks = await w.success(sentinel.getJwks());
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect(w.requests(JWKS)).toBe(2);
    },
  );
});

describe("JWKS keys and clocks", () => {
  scenario(
    env,
    "key rotation mid-run → new kid refused during the cooldown, then exactly one refetch; old tokens still verify",
    async (w) => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const jwks = createSentinelJwks({
        sentinel: w.emulator.hosts.sentinel,
        fetch: w.fetch,
        cooldownMs: 30_000,
      });
      const verify = createAccessTokenVerifier({ accountId: w.account.accountId, jwks, now: w.clock.now });
      const before = (await w.success(w.lp.tokenManager.getToken())).accessToken;
      await w.success(verify.verify(before));
      expect(w.requests(JWKS)).toBe(1);

      const kid = await w.emulator.rotateKeys();
      w.clock.advance(1_000);
      await w.lp.tokenManager.invalidate();
      const after = (await w.success(w.lp.tokenManager.getToken())).accessToken;
      expect(JSON.parse(atob(after.split(".")[0] as string)).kid).toBe(kid);
      // Within the cooldown the new kid is not looked up again.
      expect(await w.failure(verify.verify(after))).toBeInstanceOf(JwksNoMatchingKeyError);
      expect(w.requests(JWKS)).toBe(1);
      // After it, one refetch picks the new key up; the previous key is still published (grace period).
      vi.setSystemTime(Date.now() + 30_001);
      await w.success(verify.verify(after));
      await w.success(verify.verify(before));
      expect(w.requests(JWKS)).toBe(2);
    },
  );

  scenario(
    env,
    "unknown kid → JwksNoMatchingKeyError; 20 attempts cost 1 JWKS request, then 1 more per cooldown",
    async (w) => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const foreign = await generateKeyPair("RS256");
      const now = Math.floor(w.clock.now() / 1000);
      const token = await new SignJWT({
        iss: "Sentinel",
        aud: w.account.accountId,
        iat: now,
        exp: now + 3600,
      })
        .setProtectedHeader({ alg: "RS256", kid: "not-published-kid" })
        .sign(foreign.privateKey);
      w.leaks.addSecret(token);
      const jwks = createSentinelJwks({
        sentinel: w.emulator.hosts.sentinel,
        fetch: w.fetch,
        cooldownMs: 30_000,
      });
      const verify = createAccessTokenVerifier({ accountId: w.account.accountId, jwks, now: w.clock.now });
      for (let i = 0; i < 20; i++) {
        const error = await w.failure(verify.verify(token));
        expect(error).toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
        expect(error.message).toContain("not-published-kid");
      }
      expect(w.requests(JWKS)).toBe(1);
      vi.setSystemTime(Date.now() + 30_001);
      await Promise.all(Array.from({ length: 10 }, () => w.failure(verify.verify(token))));
      expect(w.requests(JWKS)).toBe(2);
    },
  );

  scenario(
    env,
    "clock several minutes off: a verifier 5 min behind Sentinel refuses iat in the future; 5 min ahead verifies",
    async (w) => {
      const token = await w.mint();
      const behind = verifier(w, { now: () => w.clock.now() - 5 * 60_000 });
      const error = await w.failure(behind.verify(token));
      expect(error).toBeInstanceOf(JwtClaimError);
      expect(error).toMatchObject({ code: "ERR_JWT_CLAIM_INVALID", claim: "iat" });
      const ahead = verifier(w, { now: () => w.clock.now() + 5 * 60_000 });
      const verified = await w.success(ahead.verify(token));
      expect(verified.claims.aud).toBe(w.account.accountId);
      expect(w.requests(JWKS)).toBe(2); // one per verifier (each has its own key cache)
      // A tolerance as wide as the skew accepts it.
      const tolerant = createAccessTokenVerifier({
        accountId: w.account.accountId,
        sentinel: w.emulator.hosts.sentinel,
        fetch: w.fetch,
        now: () => w.clock.now() - 5 * 60_000,
        clockToleranceSec: 6 * 60,
      });
      await w.success(tolerant.verify(token));
    },
  );
});
