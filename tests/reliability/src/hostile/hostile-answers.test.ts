/**
 * Hostile answers: bodies that never end, bodies announced as a gigabyte, answers that trickle in
 * forever, servers that never answer, and absurdly deep JSON. Every client entry point must stay
 * within its body bound (the server proves it stopped reading), end with a typed error — a timeout
 * when the answer never completes — and never hang.
 *
 * @module
 */
import { createTokenManager } from "@lpkit/auth";
import { createAccessTokenVerifier } from "@lpkit/auth/verify";
import { isLpkitError } from "@lpkit/core";
import { createDomainClient } from "@lpkit/domain";
import { createFaasClient } from "@lpkit/faasgw";
import { createSentinelClient } from "@lpkit/sentinel";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HostileMode, type HostileServer, startHostileServer } from "../harness/hostile-server.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SECRET = "hostile-test-secret-7d1e";
/** The deadline of the timeout tests ("trickles in forever", "no answer at all"). */
const TIMEOUT_MS = 200;
/**
 * The deadline of every other test: long enough that reading a body up to its bound (4 MiB over
 * loopback) never races the deadline on a busy machine — those tests are about the bound, not time.
 */
const ROOMY_TIMEOUT_MS = 30_000;
const KiB = 1024;
const MiB = 1024 * KiB;
/** Socket buffers on both ends may hold this much beyond what the client read. */
const SLACK = 8 * MiB;

let server: HostileServer;
let jwt: string;
beforeAll(async () => {
  server = await startHostileServer();
  const { privateKey } = await generateKeyPair("RS256");
  const now = Math.floor(Date.now() / 1000);
  jwt = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: now, exp: now + 3600 })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .sign(privateKey);
});
afterAll(() => server.close());

/** What an entry point must do with each hostile answer. */
interface Entry {
  name: string;
  /** Largest body it may read. */
  bound: number;
  call(url: string, timeoutMs: number): Promise<unknown>;
  /** Code for a body over the bound. */
  oversize: string;
  /** Code when the answer never completes. */
  timeout: string;
  /** Code for deeply nested JSON, or "ok" when such JSON is a legitimate answer. */
  nested: string;
  /** Requests one call may make (retries of timeouts included). */
  maxRequests: number;
}

const entries: Entry[] = [
  {
    name: "domain listServices",
    bound: MiB,
    call: (url, timeoutMs) => createDomainClient({ baseUrl: url, timeoutMs }).listServices(ACCOUNT),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_UNEXPECTED_RESPONSE",
    maxRequests: 1,
  },
  {
    name: "domain getServiceHost",
    bound: MiB,
    call: (url, timeoutMs) =>
      createDomainClient({ baseUrl: url, timeoutMs }).getServiceHost(ACCOUNT, "sentinel"),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_UNEXPECTED_RESPONSE",
    maxRequests: 1,
  },
  {
    name: "sentinel requestToken",
    bound: 64 * KiB,
    call: (url, timeoutMs) =>
      createSentinelClient({ baseUrl: url, timeoutMs }).requestToken({
        accountId: ACCOUNT,
        clientId: "client",
        clientSecret: SECRET,
        version: "v2",
      }),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_UNEXPECTED_RESPONSE",
    maxRequests: 1,
  },
  {
    name: "sentinel getJwks",
    bound: 256 * KiB,
    call: (url, timeoutMs) => createSentinelClient({ baseUrl: url, timeoutMs }).getJwks(),
    oversize: "ERR_JWKS_FETCH",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_JWKS_FETCH",
    maxRequests: 1,
  },
  {
    name: "auth token manager getToken",
    bound: 64 * KiB,
    call: (url, timeoutMs) =>
      createTokenManager({
        accountId: ACCOUNT,
        clientId: "client",
        clientSecret: SECRET,
        version: "v2",
        domains: { sentinel: url },
        timeoutMs,
        sleep: async () => {},
      }).getToken(),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_UNEXPECTED_RESPONSE",
    maxRequests: 3,
  },
  {
    name: "auth verifier (JWKS)",
    bound: 256 * KiB,
    call: (url, timeoutMs) =>
      createAccessTokenVerifier({
        accountId: ACCOUNT,
        jwksUrl: `${url}/jwks`,
        jwksTimeoutMs: timeoutMs,
      }).verify(jwt),
    oversize: "ERR_JWKS_FETCH",
    // No answer is a TimeoutError (an HTTP failure would be a JwksFetchError).
    timeout: "ERR_TIMEOUT",
    nested: "ERR_JWKS_FETCH",
    maxRequests: 1,
  },
  {
    name: "faasGW invoke",
    bound: 4 * MiB,
    call: (url, timeoutMs) =>
      createFaasClient({
        baseUrl: url,
        accountId: ACCOUNT,
        auth: "Bearer t0ken",
        timeoutMs,
      }).invoke(LAMBDA, {}),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ok",
    maxRequests: 1,
  },
  {
    name: "faasGW isImplemented",
    bound: 4 * MiB,
    call: (url, timeoutMs) =>
      createFaasClient({
        baseUrl: url,
        accountId: ACCOUNT,
        auth: "Bearer t0ken",
        timeoutMs,
        sleep: async () => {},
      }).isImplemented("some_event"),
    oversize: "ERR_UNEXPECTED_RESPONSE",
    timeout: "ERR_TIMEOUT",
    nested: "ERR_UNEXPECTED_RESPONSE",
    maxRequests: 3,
  },
];

async function outcome(entry: Entry, mode: HostileMode) {
  server.answer(mode);
  const timeoutMs = mode.kind === "trickle" || mode.kind === "silent" ? TIMEOUT_MS : ROOMY_TIMEOUT_MS;
  const started = performance.now();
  try {
    const value = await entry.call(server.url, timeoutMs);
    return { ok: true as const, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false as const, error, ms: performance.now() - started };
  }
}

function codeOf(result: Awaited<ReturnType<typeof outcome>>): string {
  if (result.ok) {
    return "ok";
  }
  expect(isLpkitError(result.error), `typed error, got ${String(result.error)}`).toBe(true);
  return (result.error as { code: string }).code;
}

/**
 * Waits until the server has seen the client hang up: at once on a quiet machine, but a busy one may
 * take seconds to deliver the close, so this polls for up to 30 s (the test fails only if it never comes).
 */
async function clientHungUp(): Promise<number> {
  for (let i = 0; i < 3_000 && server.abandoned === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.abandoned;
}

/**
 * The timeouts under test fire after `TIMEOUT_MS` per request. This upper bound exists only to tell
 * "ended by the deadline" from "hung" (a hang runs into the 60 s test timeout): 5× the longest
 * expected time (every allowed request timing out in turn), plus 10 s for a busy machine, where each
 * request can meet a stall of a second or more (2 s left room for about one such stall).
 * Retries beyond `maxRequests` are caught by the request count, not by this bound.
 */
function hangBound(entry: Entry): number {
  return 5 * entry.maxRequests * TIMEOUT_MS + 10_000;
}

function size(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

for (const entry of entries) {
  describe(`hostile answers: ${entry.name}`, () => {
    it(`a body that never ends → ${entry.oversize}, stops reading after the ${size(entry.bound)} bound`, async () => {
      const result = await outcome(entry, { kind: "endless" });
      expect(codeOf(result)).toBe(entry.oversize);
      expect(await clientHungUp()).toBeGreaterThanOrEqual(1);
      expect(server.bytesSent).toBeLessThan(entry.bound + SLACK);
      expect(server.requests).toBe(1);
    });

    it(`Content-Length: 1 GiB → ${entry.oversize} without reading it`, async () => {
      const result = await outcome(entry, { kind: "declared-huge" });
      expect(codeOf(result)).toBe(entry.oversize);
      expect(server.bytesSent).toBe(64 * KiB);
    });

    it(`an answer that trickles in forever → ${entry.timeout}, never a hang`, async () => {
      const result = await outcome(entry, { kind: "trickle" });
      expect(codeOf(result)).toBe(entry.timeout);
      expect(server.requests).toBeLessThanOrEqual(entry.maxRequests);
      expect(result.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 1);
      expect(result.ms).toBeLessThan(hangBound(entry));
    });

    it(`no answer at all → ${entry.timeout}, never a hang`, async () => {
      const result = await outcome(entry, { kind: "silent" });
      expect(codeOf(result)).toBe(entry.timeout);
      expect(server.requests).toBeLessThanOrEqual(entry.maxRequests);
      expect(result.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 1);
      expect(result.ms).toBeLessThan(hangBound(entry));
    });

    it(`JSON nested 100 000 deep → ${entry.nested}, no stack overflow`, async () => {
      const result = await outcome(entry, { kind: "nested", depth: 100_000 });
      expect(codeOf(result)).toBe(entry.nested);
    });
  });
}

describe("hostile answers: deep JSON inside error bodies and token claims", () => {
  it("faasGW 500 whose errorLogs are nested 100 000 deep → GatewayError", async () => {
    const entry = entries.find((e) => e.name === "faasGW invoke") as Entry;
    const result = await outcome(entry, {
      kind: "nested",
      depth: 100_000,
      status: 500,
      wrap: (nested) => `{"errorCode":"com.liveperson.faas.es.general","errorLogs":${nested}}`,
    });
    expect(codeOf(result)).toBe("ERR_FAAS_GATEWAY");
  });

  it("Sentinel 400 whose error_description is nested 30 000 deep (within the 64 KiB bound) → TokenRequestError", async () => {
    const entry = entries.find((e) => e.name === "sentinel requestToken") as Entry;
    const result = await outcome(entry, {
      kind: "nested",
      depth: 30_000,
      status: 400,
      wrap: (nested) => `{"error":"invalid_request","error_description":${nested}}`,
    });
    expect(codeOf(result)).toBe("ERR_TOKEN_REQUEST");
    expect((result as { error: { error?: string } }).error.error).toBe("invalid_request");
  });
});
