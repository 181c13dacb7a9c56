/**
 * Regression tests named after the attacks of issue 13 that concern the Sentinel client.
 */
import { inspect } from "node:util";
import {
  InvalidArgumentError,
  JwksFetchError,
  NetworkError,
  TokenRequestError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { createSentinelClient } from "./client.js";
import {
  ACCOUNT_ID,
  BASE_URL,
  CLIENT_ID,
  json,
  makeJwt,
  recordingFetch,
  SECRET,
  SEED_NOW,
  SEED_TOKEN,
} from "./test-support/fixtures.js";
import type { SentinelTokenRequest } from "./types.js";

const request: SentinelTokenRequest = {
  accountId: ACCOUNT_ID,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  version: "v2",
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

describe("13.2 redirects are never followed", () => {
  it.each([
    [307, "https://evil.example/collect"],
    [308, "https://evil.example:8443/collect"],
    [301, "https://va.sentinel.liveperson.net/moved"],
    [302, "/moved"],
    [307, "http://va.sentinel.liveperson.net/plain"],
  ])(
    "a token request answered %i (Location %s) is a TokenRequestError naming the target origin",
    async (status, location) => {
      const server = recordingFetch(() => new Response(null, { status, headers: { location } }));
      const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch });
      const error = await failure(client.requestToken(request));
      expect(error).toBeInstanceOf(TokenRequestError);
      const target = new URL(location, BASE_URL);
      const origin = `${target.protocol}//${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
      expect((error as Error).message).toContain(`redirect (HTTP ${status}) to ${origin}`);
      expect((error as Error).message).not.toContain(target.pathname);
      expect(server.seen).toHaveLength(1);
    },
  );

  it("a JWKS redirect is a JwksFetchError carrying the status", async () => {
    const server = recordingFetch(
      () => new Response(null, { status: 302, headers: { location: "https://evil.example/jwks" } }),
    );
    const error = await failure(createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch }).getJwks());
    expect(error).toBeInstanceOf(JwksFetchError);
    expect(error).toMatchObject({ status: 302 });
    expect((error as Error).message).toContain("https://evil.example:443");
  });
});

describe("JWKS HTTP failures carry status and retryAfterMs as fields", () => {
  it("429 with Retry-After", async () => {
    const server = recordingFetch(() => json({}, { status: 429, headers: { "Retry-After": "3" } }));
    const error = await failure(createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch }).getJwks());
    expect(error).toBeInstanceOf(JwksFetchError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_000 });
    expect((error as JwksFetchError).requestId).toBe(server.seen[0]?.headers.get("x-request-id"));
  });
});

describe("13.8 untyped errors", () => {
  it("a lone surrogate in clientSecret or clientId is an InvalidArgumentError, not a URIError", async () => {
    const server = recordingFetch(() => json({}));
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch });
    for (const bad of [{ clientSecret: "secret\uD800value" }, { clientId: "client\uDC00id" }]) {
      const error = await failure(client.requestToken({ ...request, ...bad }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).not.toContain("secret");
    }
    expect(server.seen).toHaveLength(0);
  });

  it("a token whose exp is 1e306 is an UnexpectedResponseError (not an InvalidArgumentError)", async () => {
    const absurd = makeJwt({ aud: ACCOUNT_ID, exp: 1e306, iat: 1_700_000_000 });
    const server = recordingFetch(() => json({ access_token: absurd, token_type: "Bearer" }));
    const error = await failure(
      createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch }).requestToken(request),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/"exp" claim is not a usable time/);
    expect(inspect(error, { depth: 5 })).not.toContain(absurd.split(".")[2]);
  });
});

describe("13.1 the token is neither enumerable nor printable", () => {
  it("JSON.stringify({...token}) and Object.values(token) do not show it", async () => {
    const server = recordingFetch(() => json({ access_token: SEED_TOKEN, token_type: "Bearer" }));
    const token = await createSentinelClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      now: () => SEED_NOW,
    }).requestToken(request);
    expect(token.accessToken).toBe(SEED_TOKEN);
    for (const shown of [
      JSON.stringify({ ...token }),
      JSON.stringify(Object.values(token)),
      JSON.stringify(token),
      inspect(token),
    ]) {
      expect(shown).not.toContain(SEED_TOKEN.split(".")[2]);
    }
    expect(JSON.stringify(token)).toContain('"accessToken":"[REDACTED]"');
  });
});

describe("16.2 network errors name the origin they failed to reach", () => {
  it("a refused connection names scheme://host:port, never the path or the secret", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: () => Promise.reject(refused) });
    const error = await failure(client.requestToken(request));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      "Sentinel token request: could not reach https://va.sentinel.liveperson.net:443 (ECONNREFUSED)",
    );
  });
});

describe("13.9 token lifetimes", () => {
  const NOW = 1_700_000_000_000;
  const at = NOW / 1000;
  const clientAt = (body: unknown) =>
    createSentinelClient({
      baseUrl: BASE_URL,
      fetch: recordingFetch(() => json(body)).fetch,
      now: () => NOW,
    });

  // Attack: a JWT exp ≤ 0 was taken as a one-hour token, so an expired token was sent.
  it.each([
    ["exp 0", { exp: 0 }],
    ["exp -1", { exp: -1, iat: at }],
    ["exp = iat", { exp: at + 60, iat: at + 60 }],
    ["exp before iat", { exp: at + 60, iat: at + 120 }],
    ["exp in the past", { exp: at - 1, iat: at - 3601 }],
  ])("13.9 a token with %s is an UnexpectedResponseError, never a token", async (_what, claims) => {
    const jwt = makeJwt({ aud: ACCOUNT_ID, ...claims });
    const error = await failure(clientAt({ access_token: jwt, token_type: "Bearer" }).requestToken(request));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/the token is unusable/);
    expect(inspect(error, { depth: 5 })).not.toContain(jwt.split(".")[2]);
  });

  // Attack: an exp years ahead was cached until then.
  it("13.9 an exp ten years ahead is trusted until iat + 24 h, or expires_in when sooner", async () => {
    const jwt = makeJwt({ aud: ACCOUNT_ID, iat: at, exp: at + 10 * 365 * 86_400 });
    const capped = await clientAt({ access_token: jwt, token_type: "Bearer" }).requestToken(request);
    expect(capped.expiresAt).toBe(NOW + 24 * 3_600_000);
    const sooner = await clientAt({
      access_token: jwt,
      token_type: "Bearer",
      expires_in: "3600",
    }).requestToken(request);
    expect(sooner.expiresAt).toBe(NOW + 3_600_000);
  });
});
