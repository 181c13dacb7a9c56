import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import type { Exchange } from "./exchange.js";
import { requestViolations } from "./test-support/conformance.js";
import { requestToken, useEmulator } from "./test-support/harness.js";
import { verifyIssuedTokens } from "./test-support/tokens.js";

const demo = { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };
const env = useEmulator({
  demo: true,
  apps: [
    {
      accountId: DEMO.accountId,
      clientId: "reader-app",
      clientSecret: "reader-secret",
      scope: "msg.consumer",
    },
  ],
});

async function post(path: string, body: string, contentType = "application/x-www-form-urlencoded") {
  const response = await fetch(`${env().emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const v1Path = (query: string) => `/sentinel/api/account/${DEMO.accountId}/app/token${query}`;
const v2Path = `/sentinel/api/v2/account/${DEMO.accountId}/app/token`;
const goodForm = form({
  client_id: DEMO.clientId,
  client_secret: DEMO.clientSecret,
  grant_type: "client_credentials",
});

describe("Sentinel token endpoints", () => {
  it("issues a V2 AppJWT with the documented header and claims, expires_in as a string", async () => {
    const { emulator } = env();
    const before = Math.floor(emulator.clock.now() / 1000);
    const { status, body } = await requestToken(emulator.url, DEMO.accountId, demo, "v2");
    expect(status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe("3600");
    const token = body.access_token as string;
    expect(decodeProtectedHeader(token)).toEqual({
      alg: "RS256",
      typ: "JWT",
      kid: emulator.jwks().keys[0]?.kid,
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      aud: DEMO.accountId,
      azp: DEMO.clientId,
      scope: "faas.lambda.invoke",
      iss: "Sentinel",
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/sentinel/well-known/jwks`));
    await expect(
      jwtVerify(token, jwks, { issuer: "Sentinel", audience: DEMO.accountId }),
    ).resolves.toBeDefined();
  });

  it("accepts v=2.0 on the V2 path (Functions V2 toolbelt) and refuses another v", async () => {
    expect((await post(`${v2Path}?v=2.0`, goodForm)).status).toBe(200);
    const wrong = await post(`${v2Path}?v=1.0`, goodForm);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_request");
  });

  it("signs V1 (v=1.0) tokens with the static key, which is not in the JWKS", async () => {
    const { emulator } = env();
    const { status, body } = await post(v1Path("?v=1.0"), goodForm);
    expect(status).toBe(200);
    expect(body.expires_in).toBeUndefined();
    const token = body.access_token as string;
    const { kid } = decodeProtectedHeader(token);
    expect(kid).toMatch(/^appjwt-\d{2}-\d{2}-\d{2}$/);
    expect(kid).toBe(emulator.v1PublicJwk.kid);
    expect(emulator.jwks().keys.map((key) => key.kid)).not.toContain(kid);
    const key = await importSPKI(emulator.v1PublicKey, "RS256");
    const { payload } = await jwtVerify(token, key, { issuer: "Sentinel", audience: DEMO.accountId });
    expect(payload.azp).toBe(DEMO.clientId);
  });

  it("signs v=2.0 on the V1 path (LivePerson's Functions clients) with the JWKS key", async () => {
    const { emulator } = env();
    const { status, body } = await post(v1Path("?v=2.0"), goodForm);
    expect(status).toBe(200);
    expect(body.expires_in).toBe("3600");
    expect(decodeProtectedHeader(body.access_token as string).kid).toBe(emulator.jwks().keys[0]?.kid);
  });

  it("accepts the empty scope= LivePerson's Node client sends, and the spec documents it", async () => {
    const { recorder } = env();
    const { status, body } = await post(
      `/sentinel/api/account/${DEMO.accountId}/app/token?v=2.0`,
      `grant_type=client_credentials&client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}&scope=`,
    );
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token as string).scope).toBe("faas.lambda.invoke");
    const exchange = recorder.exchanges.at(-1);
    expect(exchange?.route).toBe("sentinel.token.v1");
    expect(await requestViolations(exchange as Exchange)).toEqual([]);
  });

  it("requires v on the V1 path", async () => {
    const missing = await post(v1Path(""), goodForm);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "invalid_request", error_description: expect.any(String) });
    expect((await post(v1Path("?v=3.0"), goodForm)).status).toBe(400);
  });

  it("accepts credentials in the query string with an empty body, as LivePerson's Java client sends them", async () => {
    const query = form({
      grant_type: "client_credentials",
      client_id: DEMO.clientId,
      client_secret: DEMO.clientSecret,
    });
    const response = await fetch(`${env().emulator.url}${v1Path(`?v=2.0&${query}`)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
  });

  it("accepts grant_type in the query and the credentials in the body (Send API page)", async () => {
    const body = form({ client_id: DEMO.clientId, client_secret: DEMO.clientSecret });
    expect((await post(v1Path("?v=1.0&grant_type=client_credentials"), body)).status).toBe(200);
  });

  it("writes the app's scope into the token", async () => {
    const { body } = await post(
      v2Path,
      form({ client_id: "reader-app", client_secret: "reader-secret", grant_type: "client_credentials" }),
    );
    expect(decodeJwt(body.access_token as string).scope).toBe("msg.consumer");
  });

  it.each([
    ["a wrong secret", { client_id: DEMO.clientId, client_secret: "nope", grant_type: "client_credentials" }],
    ["an unknown client", { client_id: "who", client_secret: "x", grant_type: "client_credentials" }],
    ["a missing secret", { client_id: DEMO.clientId, grant_type: "client_credentials" }],
    [
      "the app of another account",
      { client_id: DEMO.v2ClientId, client_secret: DEMO.v2ClientSecret, grant_type: "client_credentials" },
    ],
  ])("answers 401 invalid_client for %s, without echoing the secret", async (_name, fields) => {
    const { status, body, text, headers } = await post(v2Path, form(fields));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(text).not.toContain("nope");
    expect(text).not.toContain(DEMO.v2ClientSecret);
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    [
      "a missing grant_type",
      { client_id: DEMO.clientId, client_secret: DEMO.clientSecret },
      "invalid_request",
    ],
    [
      "another grant type",
      { client_id: DEMO.clientId, client_secret: DEMO.clientSecret, grant_type: "password" },
      "unsupported_grant_type",
    ],
    [
      "a missing client_id",
      { client_secret: DEMO.clientSecret, grant_type: "client_credentials" },
      "invalid_request",
    ],
  ])("answers 400 for %s", async (_name, fields, error) => {
    const { status, body } = await post(v2Path, form(fields));
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });

  it("answers 400 invalid_request to a JSON body", async () => {
    const { status, body } = await post(
      v2Path,
      JSON.stringify({
        client_id: DEMO.clientId,
        client_secret: DEMO.clientSecret,
        grant_type: "client_credentials",
      }),
      "application/json",
    );
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  it("answers 405 to GET on a token path", async () => {
    const response = await fetch(`${env().emulator.url}${v2Path}`);
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("counts issued and refused tokens per app and version", async () => {
    const { emulator } = env();
    emulator.resetStats();
    await post(v1Path("?v=1.0"), goodForm);
    await post(v2Path, goodForm);
    await post(v2Path, goodForm);
    await post(
      v2Path,
      form({ client_id: DEMO.clientId, client_secret: "bad", grant_type: "client_credentials" }),
    );
    const { tokens, requests } = emulator.stats();
    expect(tokens).toEqual({
      issued: 3,
      rejected: 1,
      rateLimited: 0,
      byVersion: { v1: 1, v2: 2 },
      byClient: { [DEMO.clientId]: { v1: 1, v2: 2 } },
      rateLimitedByClient: {},
    });
    expect(requests.byRoute["sentinel.token.v2"]).toEqual({ total: 3, byStatus: { "200": 2, "401": 1 } });
  });

  it("stamps iat and exp from the emulator clock", async () => {
    const { emulator } = env();
    emulator.clock.set(Date.UTC(2030, 0, 1));
    try {
      const { body } = await requestToken(emulator.url, DEMO.accountId, demo);
      // The set clock keeps running: a request that crosses a second boundary (a loaded machine
      // can take a second) stamps the next second, so iat lies between the set time and the
      // emulator's time after the answer — years away from the real clock either way.
      const after = Math.floor(emulator.clock.now() / 1000);
      const { iat, exp } = decodeJwt(body.access_token as string);
      expect(iat).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1) / 1000);
      expect(iat).toBeLessThanOrEqual(after);
      expect(exp).toBe((iat as number) + 3600);
    } finally {
      emulator.clock.set(Date.now());
    }
  });
});

describe("Sentinel JWKS and key rotation", () => {
  it("publishes RSA signing keys", async () => {
    const response = await fetch(`${env().emulator.url}/sentinel/well-known/jwks`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toEqual({
      kty: "RSA",
      kid: expect.any(String),
      use: "sig",
      alg: "RS256",
      n: expect.any(String),
      e: "AQAB",
    });
  });

  it("keeps the previous key published after a rotation until its grace period ends", async () => {
    const { emulator } = env();
    const old = (await requestToken(emulator.url, DEMO.accountId, demo)).body.access_token as string;
    const oldKid = decodeProtectedHeader(old).kid;
    const newKid = await emulator.rotateKeys();
    expect(newKid).not.toBe(oldKid);
    const fresh = (await requestToken(emulator.url, DEMO.accountId, demo)).body.access_token as string;
    expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
    const published = await (await fetch(`${emulator.url}/sentinel/well-known/jwks`)).json();
    expect((published as { keys: { kid: string }[] }).keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    emulator.clock.advance(3_601_000);
    try {
      expect(emulator.jwks().keys.map((key) => key.kid)).toEqual([newKid]);
    } finally {
      emulator.clock.advance(-3_601_000);
    }
  });

  it("can retire the previous key at once", async () => {
    const { emulator } = env();
    await fetch(`${emulator.url}/sentinel/well-known/jwks`);
    const kid = await emulator.rotateKeys({ retirePrevious: true });
    expect(emulator.jwks().keys.map((key) => key.kid)).toEqual([kid]);
  });

  it("jose verifies every token this file made the emulator issue", async () => {
    const { emulator, recorder } = env();
    expect(await verifyIssuedTokens(emulator, recorder)).toBeGreaterThanOrEqual(10);
  });
});

describe("token lifetime", () => {
  const short = useEmulator({ tokenTtlSec: 120 });

  it("follows tokenTtlSec in exp and expires_in", async () => {
    const { emulator, recorder } = short();
    const { body } = await requestToken(emulator.url, DEMO.accountId, demo);
    const claims = decodeJwt(body.access_token as string);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    expect(body.expires_in).toBe("120");
    expect(await verifyIssuedTokens(emulator, recorder)).toBe(1);
  });
});
