import { JwksFetchError, TokenRequestError } from "@lpkit/core";
import { isRetryableStatus } from "@lpkit/core/internal";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createSentinelClient } from "./client.js";
import {
  ACCOUNT_ID,
  BASE_URL,
  CLIENT_ID,
  decodePart,
  recordingFetch,
  SECRET,
} from "./test-support/fixtures.js";
import { resolve, responses } from "./test-support/spec.js";
import type { JsonWebKeySetResponse, SentinelToken } from "./types.js";

const all = responses();
const examples = all.flatMap((r) => r.examples);
const NOW = 1_700_000_000_000;

/** The status a `default` response is exercised with. */
const DEFAULT_STATUS = 502;

function responseFor(example: (typeof examples)[number]): Response {
  const status = example.status === "default" ? DEFAULT_STATUS : Number(example.status);
  const body = typeof example.value === "string" ? example.value : JSON.stringify(example.value);
  return new Response(body, { status, headers: { "content-type": example.mediaType, ...example.headers } });
}

/** A clock one second after a token example was issued (its sample tokens are from 2018), else NOW. */
function nowFor(example: (typeof examples)[number]): number {
  const token = (example.value as { access_token?: unknown } | undefined)?.access_token;
  const payload = typeof token === "string" ? token.split(".")[1] : undefined;
  const iat = payload === undefined ? undefined : (decodePart(payload) as { iat?: unknown }).iat;
  return typeof iat === "number" ? iat * 1000 + 1000 : NOW;
}

function clientFor(example: (typeof examples)[number]) {
  const server = recordingFetch(() => responseFor(example));
  const now = nowFor(example);
  return { server, client: createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch, now: () => now }) };
}

describe("specs/sentinel.yaml", () => {
  it("has the three operations the client calls", () => {
    expect(new Set(all.map((r) => r.operationId))).toEqual(
      new Set(["requestAppTokenV1", "requestAppTokenV2", "getJwks"]),
    );
  });

  it("documents at least one example for every response media type", () => {
    const missing = all
      .filter((r) => r.examples.length === 0)
      .map((r) => `${r.operationId} ${r.status} ${r.mediaType}`);
    expect(missing).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(40);
  });

  it("its request body example is exactly what the client sends", async () => {
    const example = resolve({
      $ref: "#/components/requestBodies/TokenRequest/content/application~1x-www-form-urlencoded/examples/clientCredentials",
    }).value as Record<string, string>;
    expect(Object.keys(example)).toEqual(["client_id", "client_secret", "grant_type"]);
    const server = recordingFetch(() => new Response("{}", { status: 400 }));
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch });
    await client
      .requestToken({
        accountId: ACCOUNT_ID,
        clientId: example.client_id ?? "",
        clientSecret: example.client_secret ?? "",
        version: "v1",
      })
      .catch(() => undefined);
    expect(Object.fromEntries(new URLSearchParams(server.seen[0]?.body))).toEqual(example);
  });
});

describe.each(examples.map((e) => [`${e.operationId} ${e.status} ${e.mediaType} ${e.name}`, e] as const))(
  "example %s",
  (_title, example) => {
    const isToken = example.operationId !== "getJwks";
    const ok = example.status.startsWith("2");

    if (isToken && ok) {
      it("comes out as a typed, parsed SentinelToken", async () => {
        const { client, server } = clientFor(example);
        const version = example.operationId === "requestAppTokenV1" ? "v1" : "v2";
        const token = await client.requestToken({
          accountId: ACCOUNT_ID,
          clientId: CLIENT_ID,
          clientSecret: SECRET,
          version,
        });
        expectTypeOf(token).toEqualTypeOf<SentinelToken>();
        const wire = example.value as {
          access_token: string;
          token_type: string;
          expires_in?: string | number;
        };
        const [header, claims] = wire.access_token
          .split(".")
          .slice(0, 2)
          .map((p) => decodePart(p)) as [Record<string, unknown>, Record<string, number>];
        expect(token.accessToken).toBe(wire.access_token);
        expect(token.tokenType).toBe("Bearer");
        expect(token.header).toEqual(header);
        expect(token.claims).toEqual(claims);
        expect(token.expiresAt).toBe((claims.exp ?? 0) * 1000);
        expect(token.issuedAt).toBe((claims.iat ?? 0) * 1000);
        expect(token.expiresIn).toBe(wire.expires_in === undefined ? undefined : Number(wire.expires_in));
        expect(server.seen[0]?.url.pathname).toBe(
          version === "v1"
            ? `/sentinel/api/account/${ACCOUNT_ID}/app/token`
            : `/sentinel/api/v2/account/${ACCOUNT_ID}/app/token`,
        );
      });
    } else if (isToken) {
      it("maps to a TokenRequestError with the status and the OAuth fields", async () => {
        const { client } = clientFor(example);
        const error = await client
          .requestToken({ accountId: ACCOUNT_ID, clientId: CLIENT_ID, clientSecret: SECRET, version: "v2" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokenRequestError);
        const e = error as TokenRequestError;
        const status = example.status === "default" ? DEFAULT_STATUS : Number(example.status);
        expect(e.status).toBe(status);
        expect(e.retryable).toBe(isRetryableStatus(status));
        const value = example.value as { error?: string; error_description?: string } | string;
        expect(e.error).toBe(typeof value === "object" ? value.error : undefined);
        expect(e.errorDescription).toBe(typeof value === "object" ? value.error_description : undefined);
        expect(e.retryAfterMs).toBe(
          example.headers["Retry-After"] ? Number(example.headers["Retry-After"]) * 1000 : undefined,
        );
      });
    } else if (ok) {
      it("comes out as the typed key set", async () => {
        const { client } = clientFor(example);
        const jwks = await client.getJwks();
        expectTypeOf(jwks).toEqualTypeOf<JsonWebKeySetResponse>();
        expect(jwks).toEqual(example.value);
        expect(jwks.keys.length).toBeGreaterThan(0);
      });
    } else {
      it("maps to a JwksFetchError naming the status", async () => {
        const { client } = clientFor(example);
        const error = await client.getJwks().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(JwksFetchError);
        const status = example.status === "default" ? DEFAULT_STATUS : Number(example.status);
        expect((error as Error).message).toContain(`HTTP ${status}`);
      });
    }
  },
);
