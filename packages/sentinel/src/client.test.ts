import { inspect } from "node:util";
import { InvalidArgumentError, REDACTED } from "@lpkit/core";
import { describe, expect, it, vi } from "vitest";
import { createSentinelClient } from "./client.js";
import {
  ACCOUNT_ID,
  BASE_URL,
  CLIENT_ID,
  json,
  makeJwt,
  manualClock,
  recordingFetch,
  SECRET,
  SEED_NOW,
  SEED_TOKEN,
} from "./test-support/fixtures.js";
import type { SentinelTokenRequest } from "./types.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function tokenServer(body: unknown = { access_token: SEED_TOKEN, token_type: "Bearer" }) {
  return recordingFetch(() => json(body));
}

const v1: SentinelTokenRequest = {
  accountId: ACCOUNT_ID,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  version: "v1",
};

describe("requestToken: the request on the wire", () => {
  it("v1 sends v=1.0 by default and the credentials as a form body", async () => {
    const server = tokenServer();
    const client = createSentinelClient({
      baseUrl: "va.sentinel.liveperson.net",
      fetch: server.fetch,
      now: () => SEED_NOW,
    });
    await client.requestToken(v1);
    expect(server.seen).toHaveLength(1);
    const [seen] = server.seen;
    expect(seen?.method).toBe("POST");
    expect(`${seen?.url.origin}${seen?.url.pathname}`).toBe(
      `${BASE_URL}/sentinel/api/account/${ACCOUNT_ID}/app/token`,
    );
    expect(seen?.url.search).toBe("?v=1.0");
    expect(seen?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(seen?.headers.get("accept")).toBe("application/json");
    expect(seen?.headers.get("authorization")).toBeNull();
    expect(seen?.headers.get("x-request-id")).toMatch(UUID);
    expect(seen?.redirect).toBe("manual");
    const form = new URLSearchParams(seen?.body);
    expect([...form.keys()]).toEqual(["client_id", "client_secret", "grant_type"]);
    expect(form.get("client_id")).toBe(CLIENT_ID);
    expect(form.get("client_secret")).toBe(SECRET);
    expect(form.get("grant_type")).toBe("client_credentials");
    // The secret is form-encoded, never raw, and never in the URL.
    expect(seen?.body).toBe(
      `client_id=${CLIENT_ID}&client_secret=s3cr3t-VALUE%2B%2F%3D%26%25%C3%A9&grant_type=client_credentials`,
    );
    expect(seen?.url.href).not.toContain("secret");
  });

  it("v1 sends v=2.0 when asked, as LivePerson's Functions clients do", async () => {
    const server = tokenServer();
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch, now: () => SEED_NOW });
    await client.requestToken({ ...v1, v1Query: "2.0" });
    expect(server.seen[0]?.url.pathname).toBe(`/sentinel/api/account/${ACCOUNT_ID}/app/token`);
    expect(server.seen[0]?.url.search).toBe("?v=2.0");
  });

  it("v2 uses the v2 path with no query string (as documented)", async () => {
    const server = tokenServer();
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch, now: () => SEED_NOW });
    await client.requestToken({ ...v1, version: "v2", v1Query: "2.0" });
    expect(server.seen[0]?.url.pathname).toBe(`/sentinel/api/v2/account/${ACCOUNT_ID}/app/token`);
    expect(server.seen[0]?.url.search).toBe("");
    expect(new URLSearchParams(server.seen[0]?.body).get("grant_type")).toBe("client_credentials");
  });

  it("keeps a base path, sends configured headers, and a fresh X-Request-Id per call", async () => {
    const server = tokenServer();
    const client = createSentinelClient({
      baseUrl: "http://127.0.0.1:4010/proxy/",
      fetch: server.fetch,
      now: () => SEED_NOW,
      headers: { "User-Agent": "lpkit-test", "X-Tenant": "t1" },
    });
    expect(client.baseUrl).toBe("http://127.0.0.1:4010/proxy");
    await client.requestToken(v1);
    await client.requestToken(v1);
    expect(server.seen[0]?.url.href).toBe(
      `http://127.0.0.1:4010/proxy/sentinel/api/account/${ACCOUNT_ID}/app/token?v=1.0`,
    );
    expect(server.seen[0]?.headers.get("user-agent")).toBe("lpkit-test");
    expect(server.seen[0]?.headers.get("x-tenant")).toBe("t1");
    expect(server.seen[0]?.headers.get("x-request-id")).not.toBe(server.seen[1]?.headers.get("x-request-id"));
  });
});

describe("requestToken: the token", () => {
  it("parses the documented sample and hides the access token from printing", async () => {
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: tokenServer().fetch,
      now: () => SEED_NOW,
    });
    const token = await client.requestToken(v1);
    expect(token.accessToken).toBe(SEED_TOKEN);
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresAt).toBe(1524646270_000);
    expect(token.issuedAt).toBe(1524642670_000);
    expect(token.expiresIn).toBeUndefined();
    expect(token.header).toEqual({ kid: "appjwt-13-05-17", typ: "JWT", alg: "RS256" });
    expect(token.claims.aud).toBe("le81823118");
    expect(token.claims.azp).toBe("75588e18-0213-4e33-8174-883acac7e3c4");
    for (const printed of [
      inspect(token, { depth: 10 }),
      JSON.stringify(token),
      `${JSON.stringify({ token })}`,
    ]) {
      expect(printed).not.toContain(SEED_TOKEN);
      expect(printed).not.toContain(SEED_TOKEN.split(".")[2]);
      expect(printed).toContain(REDACTED);
    }
    expect(JSON.parse(JSON.stringify(token)).expiresAt).toBe(1524646270_000);
  });

  it("accepts a lower-case token_type and normalizes it", async () => {
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: tokenServer({ access_token: SEED_TOKEN, token_type: "bearer" }).fetch,
      now: () => SEED_NOW,
    });
    expect((await client.requestToken(v1)).tokenType).toBe("Bearer");
  });

  it("ignores unknown members of the token response", async () => {
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: tokenServer({ access_token: SEED_TOKEN, token_type: "Bearer", scope: "x", refresh_token: "r" })
        .fetch,
      now: () => SEED_NOW,
    });
    expect((await client.requestToken(v1)).accessToken).toBe(SEED_TOKEN);
  });
});

describe("requestToken: expiry", () => {
  const start = 1_700_000_000_000;
  const noExp = makeJwt({ aud: ACCOUNT_ID, azp: CLIENT_ID, iss: "Sentinel" });

  /** The clock moves 5 s while the request is in flight: expiry must count from the start. */
  async function expiryFor(body: Record<string, unknown>) {
    const clock = manualClock(start);
    const server = recordingFetch(() => {
      clock.advance(5_000);
      return json(body);
    });
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch, now: clock.now });
    return client.requestToken({ ...v1, version: "v2" });
  }

  it("uses the JWT exp when expires_in says later, expires_in when it says sooner", async () => {
    const later = await expiryFor({
      access_token: makeJwt({ exp: start / 1000 + 3600, iat: start / 1000 }),
      token_type: "Bearer",
      expires_in: "7200",
    });
    expect(later.expiresAt).toBe(start + 3_600_000);
    expect(later.issuedAt).toBe(start);
    expect(later.expiresIn).toBe(7200);
    const sooner = await expiryFor({
      access_token: makeJwt({ exp: start / 1000 + 3600, iat: start / 1000 }),
      token_type: "Bearer",
      expires_in: "60",
    });
    expect(sooner.expiresAt).toBe(start + 60_000);
  });

  it('uses expires_in "3600" (string, as the V2 toolbelt expects) from the request start', async () => {
    const token = await expiryFor({ access_token: noExp, token_type: "Bearer", expires_in: "3600" });
    expect(token.expiresIn).toBe(3600);
    expect(token.expiresAt).toBe(start + 3_600_000);
    expect(token.issuedAt).toBe(start);
  });

  it("uses expires_in 3600 (number) from the request start", async () => {
    const token = await expiryFor({ access_token: noExp, token_type: "Bearer", expires_in: 1800 });
    expect(token.expiresIn).toBe(1800);
    expect(token.expiresAt).toBe(start + 1_800_000);
  });

  it.each([-5, "-5", "NaN", "soon", 0, null, {}])(
    "falls back to one hour for expires_in %j",
    async (expiresIn) => {
      const token = await expiryFor({ access_token: noExp, token_type: "Bearer", expires_in: expiresIn });
      expect(token.expiresIn).toBeUndefined();
      expect(token.expiresAt).toBe(start + 3_600_000);
    },
  );

  it("falls back to one hour from the request start when nothing says", async () => {
    const token = await expiryFor({ access_token: noExp, token_type: "Bearer" });
    expect(token.expiresIn).toBeUndefined();
    expect(token.expiresAt).toBe(start + 3_600_000);
    expect(token.issuedAt).toBe(start);
  });
});

describe("getJwks", () => {
  it("GETs the well-known JWKS without credentials", async () => {
    const keys = [{ kty: "RSA", kid: "k1", use: "sig", n: "abc", e: "AQAB" }];
    const server = recordingFetch(() => json({ keys }));
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch });
    await expect(client.getJwks()).resolves.toEqual({ keys });
    expect(server.seen[0]?.method).toBe("GET");
    expect(server.seen[0]?.url.href).toBe(`${BASE_URL}/sentinel/well-known/jwks`);
    expect(server.seen[0]?.headers.get("authorization")).toBeNull();
    expect(server.seen[0]?.headers.get("x-request-id")).toMatch(UUID);
    expect(server.seen[0]?.body).toBe("");
  });
});

describe("raw", () => {
  it("is a plain openapi-fetch client: same base URL, fetch and headers, nothing added", async () => {
    const server = recordingFetch(() => json({ keys: [] }));
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      headers: { "X-Tenant": "t1" },
    });
    const { data, response } = await client.raw.GET("/sentinel/well-known/jwks");
    expect(response.status).toBe(200);
    expect(data?.keys).toEqual([]);
    expect(server.seen[0]?.url.href).toBe(`${BASE_URL}/sentinel/well-known/jwks`);
    expect(server.seen[0]?.headers.get("x-tenant")).toBe("t1");
    // The documented contract: no request-id middleware on raw calls; the caller sets one if wanted.
    expect(server.seen[0]?.headers.get("x-request-id")).toBeNull();
    await client.raw.GET("/sentinel/well-known/jwks", { params: { header: { "X-Request-Id": "mine" } } });
    expect(server.seen[1]?.headers.get("x-request-id")).toBe("mine");
  });
});

describe("bad arguments are refused before any request", () => {
  const fetch = vi.fn(async () => json({}));
  const client = createSentinelClient({ baseUrl: BASE_URL, fetch });

  const badRequests: [string, string, unknown][] = [
    ["accountId", "an empty account id", { ...v1, accountId: "" }],
    ["accountId", "an account id with a slash", { ...v1, accountId: "123/../x" }],
    ["accountId", "a numeric account id", { ...v1, accountId: 12345678 }],
    ["clientId", "a missing client id", { ...v1, clientId: undefined }],
    ["clientId", "a blank client id", { ...v1, clientId: "  " }],
    ["clientSecret", "an empty secret", { ...v1, clientSecret: "" }],
    ["clientSecret", "a non-string secret", { ...v1, clientSecret: 42 }],
    ["version", "an unknown version", { ...v1, version: "v3" }],
    ["version", "a missing version", { ...v1, version: undefined }],
    ["v1Query", "an unknown v", { ...v1, v1Query: "3.0" }],
    ["signal", "a non-signal", { ...v1, signal: {} }],
    ["request", "no request", undefined],
  ];
  it.each(badRequests)("%s: %s", async (argument, _name, request) => {
    const error = await client.requestToken(request as SentinelTokenRequest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).not.toContain(SECRET);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("getJwks refuses a non-signal", async () => {
    await expect(client.getJwks({ signal: "x" as unknown as AbortSignal })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ["baseUrl", { baseUrl: "" }],
    ["baseUrl", { baseUrl: "http://va.sentinel.liveperson.net" }],
    ["baseUrl", { baseUrl: "https://user:pw@va.sentinel.liveperson.net" }],
    ["baseUrl", { baseUrl: "https://va.sentinel.liveperson.net/?x=1" }],
    ["timeoutMs", { baseUrl: BASE_URL, timeoutMs: -1 }],
    ["timeoutMs", { baseUrl: BASE_URL, timeoutMs: Number.NaN }],
    ["fetch", { baseUrl: BASE_URL, fetch: "fetch" }],
    ["now", { baseUrl: BASE_URL, now: 5 }],
    ["options", null],
  ])("createSentinelClient refuses a bad %s", (argument, options) => {
    let error: unknown;
    try {
      createSentinelClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });

  it("allows plain http for a non-loopback host only when asked", () => {
    expect(createSentinelClient({ baseUrl: "http://sentinel.test", allowInsecureHttp: true }).baseUrl).toBe(
      "http://sentinel.test",
    );
  });
});
