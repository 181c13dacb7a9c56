/**
 * Step 2: request an app token (OAuth 2.0 client credentials at Sentinel), show its decoded
 * header and claims, and verify it the way a receiving service would — v2 against Sentinel's JWKS,
 * v1 against the static key.
 *
 * @module
 */
import { decodeAccessToken, type TokenFetchedEvent } from "@lpkit/auth";
import { sentinelJwksUrl, verifyAccessToken } from "@lpkit/auth/verify";
import { formatMs, formatTime, plural, shortId } from "../output/format.js";
import type { DemoStep } from "./types.js";

function claimText(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(String).join(", ");
  }
  return value === undefined ? "(none)" : String(value);
}

/**
 * Fetches the first token through the token manager, decodes and verifies it.
 *
 * @example
 * ```ts
 * await requestTokenStep.run(context, recorder);
 * context.state.token?.expiresAt;
 * ```
 */
export const requestTokenStep: DemoStep = {
  id: "request-token",
  title: "Request an app token, decode it and verify it",
  essential: true,
  async run({ target, lp, state, events }, out) {
    const tokenRequestsBefore = target.http.count("sentinel-token");
    const eventsBefore = events.length;
    const token = await lp.tokenManager.getToken();
    state.token = token;
    const serial = target.http.tokens.serialOf(token.accessToken);
    const fetched = events
      .slice(eventsBefore)
      .find((e): e is TokenFetchedEvent => e.type === "token-fetched");
    const tokenRequests = target.http.count("sentinel-token") - tokenRequestsBefore;
    const { header, claims } = decodeAccessToken(token.accessToken);
    // The lifetime Sentinel gave the token (exp − iat). Not expiresAt − issuedAt: issuedAt is `iat`
    // (whole seconds) and expiresAt may be the request start + expires_in, up to the request's
    // duration before exp, so a slow request that crossed a second boundary rounded to a second less.
    const lifetimeSec =
      typeof claims.exp === "number" && typeof claims.iat === "number"
        ? claims.exp - claims.iat
        : Math.round((token.expiresAt - token.issuedAt) / 1000);

    out.say(
      `token #${serial} fetched from ${state.sentinelHost} (Sentinel ${target.sentinelVersion}): ${plural(fetched?.attempts ?? 0, "attempt")}, ${formatMs(fetched?.durationMs)}`,
      `${token.tokenType} token, issued ${formatTime(token.issuedAt)}, expires ${formatTime(token.expiresAt)} (lifetime ${lifetimeSec} s)`,
    );
    out.say(
      `header  alg ${header.alg} · kid ${header.kid ?? "(none)"} · typ ${header.typ ?? "(none)"}`,
      `claims  iss ${claimText(claims.iss)} · aud ${claimText(claims.aud)} · azp ${shortId(claimText(claims.azp))} · scope ${claimText(claims.scope)}`,
      `        iat ${claims.iat ?? "?"} · exp ${claims.exp ?? "?"}`,
    );

    const jwksBefore = target.http.count("sentinel-jwks");
    const sentinel = state.sentinelHost ?? "";
    const verified = await verifyAccessToken(token.accessToken, {
      accountId: target.accountId,
      version: target.sentinelVersion,
      ...(target.sentinelVersion === "v2" ? { sentinel } : target.v1Keys ? { v1Keys: target.v1Keys } : {}),
      fetch: target.fetch,
      now: target.now,
    });
    const jwksFetches = target.http.count("sentinel-jwks") - jwksBefore;
    const keySource =
      target.sentinelVersion === "v2"
        ? `the JWKS at ${sentinelJwksUrl(sentinel)} (key ${verified.header.kid ?? "?"})`
        : target.mode === "emulator"
          ? "the emulator's v1 static public key"
          : "LivePerson's published v1 public key";
    out.say(
      `verified: ${verified.header.alg} signature against ${keySource}; iss "${verified.claims.iss}", aud ${claimText(verified.claims.aud)}, not expired`,
    );

    out.detail("tokenSerial", serial);
    out.detail("sentinelVersion", target.sentinelVersion);
    out.detail("header", header);
    out.detail("claims", claims);
    out.detail("issuedAt", token.issuedAt);
    out.detail("expiresAt", token.expiresAt);
    out.detail("lifetimeSec", lifetimeSec);
    out.detail("verification", {
      ok: true,
      keySource: target.sentinelVersion === "v2" ? "jwks" : "v1-static-key",
      jwksFetches,
    });

    out.check("exactly one token request", tokenRequests === 1, plural(tokenRequests, "request"));
    out.check("a token-fetched event reported it", fetched !== undefined);
    out.check(
      "the token verifies for this account",
      claimText(verified.claims.aud).split(", ").includes(target.accountId),
    );
    // The manager trusts the token until the earlier of its `exp` and the request start plus
    // `expires_in`: `exp` itself, or up to the request's duration plus `iat`'s rounding before it.
    const expMs = typeof claims.exp === "number" ? claims.exp * 1000 : Number.NaN;
    const earlierBy = expMs - token.expiresAt;
    out.check(
      "the manager expires the token at its exp or just before, never after",
      earlierBy >= 0 && earlierBy <= 1000 + (fetched?.durationMs ?? 0),
      `${formatMs(earlierBy)} before exp`,
    );
    const emulator = target.emulator;
    if (emulator) {
      out.check(
        `the emulator issued a ${emulator.tokenTtlSec} s token`,
        lifetimeSec === emulator.tokenTtlSec,
        `lifetime ${lifetimeSec} s`,
      );
    }
  },
};
