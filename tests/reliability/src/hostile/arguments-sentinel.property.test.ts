/**
 * Property-based argument validation of `@lpkit/sentinel`: malformed options and token requests are
 * refused before anything is sent — and the client secret is never echoed, even when it was put in
 * the wrong field — while the decoder and the `expires_in` parser are total functions.
 *
 * @module
 */
import { JwtMalformedError } from "@lpkit/core";
import {
  createSentinelClient,
  decodeAppJwt,
  parseExpiresIn,
  type SentinelTokenRequest,
} from "@lpkit/sentinel";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountId,
  badAccountId,
  badBaseUrl,
  badDuration,
  expectInvalid,
  expectInvalidAsync,
  noNetwork,
  notAFunction,
  notAnObject,
  notASignal,
} from "../harness/arbitraries.js";
import { renderings } from "../harness/leak-check.js";

const BASE = "https://va.sentinel.liveperson.net";
const valid = (): SentinelTokenRequest => ({
  accountId: "12345678",
  clientId: "5c0ffee0-1111-4222-8333-444455556666",
  clientSecret: "s3cr3t-never-echoed",
  version: "v2",
});
/**
 * Secrets of every shape: printable, with spaces, quotes, unicode, URL-special characters. Each ends in
 * ten letters no source file or stack frame contains, so a shrunk secret can never be a word such as
 * "property" that shows up in a stack trace by coincidence.
 */
const secret = fc
  .tuple(fc.string({ maxLength: 30 }), fc.stringMatching(/^[g-z]{10}$/))
  .map(([text, tail]) => `${text}${tail}`);
const blank = fc.oneof(fc.constantFrom("", " ", "\t\n", null, undefined, 0, false, {}), fc.integer());

describe("@lpkit/sentinel arguments (property-based)", () => {
  it("createSentinelClient: any malformed option is refused, naming it", () => {
    fc.assert(
      fc.property(notAnObject, (options) => {
        expectInvalid(() => createSentinelClient(options as never), "options");
      }),
    );
    fc.assert(
      fc.property(fc.oneof(badBaseUrl, fc.constantFrom(undefined, null)), (baseUrl) => {
        expectInvalid(() => createSentinelClient({ baseUrl: baseUrl as string }), "baseUrl");
      }),
    );
    fc.assert(
      fc.property(fc.oneof(badDuration, fc.constant(null)), (timeoutMs) => {
        expectInvalid(
          () => createSentinelClient({ baseUrl: BASE, timeoutMs: timeoutMs as number }),
          "timeoutMs",
        );
      }),
    );
    fc.assert(
      fc.property(notAFunction, fc.constantFrom("fetch", "now"), (value, name) => {
        expectInvalid(() => createSentinelClient({ baseUrl: BASE, [name]: value }), name);
      }),
    );
  });

  it("requestToken: any malformed field is refused before sending", async () => {
    const net = noNetwork();
    const sentinel = createSentinelClient({ baseUrl: BASE, fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(notAnObject, async (request) => {
        await expectInvalidAsync(sentinel.requestToken(request as never), "request");
      }),
    );
    await fc.assert(
      fc.asyncProperty(badAccountId, async (account) => {
        await expectInvalidAsync(
          sentinel.requestToken({ ...valid(), accountId: account as string }),
          "accountId",
        );
      }),
    );
    await fc.assert(
      fc.asyncProperty(blank, fc.constantFrom("clientId", "clientSecret"), async (value, field) => {
        await expectInvalidAsync(sentinel.requestToken({ ...valid(), [field]: value }), field);
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((v) => v !== "v1" && v !== "v2"),
        async (version) => {
          await expectInvalidAsync(
            sentinel.requestToken({ ...valid(), version: version as "v1" }),
            "version",
          );
        },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((v) => v !== undefined && v !== "1.0" && v !== "2.0"),
        async (v1Query) => {
          await expectInvalidAsync(
            sentinel.requestToken({ ...valid(), version: "v1", v1Query: v1Query as "1.0" }),
            "v1Query",
          );
        },
      ),
    );
    await fc.assert(
      fc.asyncProperty(notASignal, async (signal) => {
        await expectInvalidAsync(
          sentinel.requestToken({ ...valid(), signal: signal as AbortSignal }),
          "signal",
        );
        await expectInvalidAsync(sentinel.getJwks({ signal: signal as AbortSignal }), "signal");
      }),
    );
    expect(net.calls).toEqual([]);
  });

  it("requestToken: a secret put in the wrong field is never echoed (message, stack, JSON, inspect)", async () => {
    const net = noNetwork();
    const sentinel = createSentinelClient({ baseUrl: BASE, fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(
        secret.filter((s) => !/^[A-Za-z0-9]{1,64}$/.test(s)),
        fc.constantFrom("accountId", "version", "v1Query"),
        async (s, field) => {
          const error = await expectInvalidAsync(
            sentinel.requestToken({ ...valid(), version: "v1", clientSecret: s, [field]: s }),
            field,
          );
          for (const text of renderings(error)) {
            expect(text).not.toContain(s);
          }
        },
      ),
    );
    expect(net.calls).toEqual([]);
  });

  it("requestToken: any valid request sends exactly one form POST with the fields URL-encoded", async () => {
    await fc.assert(
      fc.asyncProperty(
        accountId,
        secret,
        fc.constantFrom("v1", "v2" as const),
        async (account, s, version) => {
          const bodies: string[] = [];
          const sentinel = createSentinelClient({
            baseUrl: BASE,
            fetch: async (request) => {
              bodies.push(await request.text());
              return new Response('{"error":"invalid_client"}', { status: 401 });
            },
          });
          const error = await sentinel
            .requestToken({ ...valid(), accountId: account, clientSecret: s, version })
            .catch((e: unknown) => e);
          expect(error).toMatchObject({ code: "ERR_TOKEN_REQUEST", status: 401 });
          for (const text of renderings(error)) {
            expect(text).not.toContain(s);
          }
          expect(bodies).toHaveLength(1);
          expect(new URLSearchParams(bodies[0]).get("client_secret")).toBe(s);
        },
      ),
    );
  });

  it("decodeAppJwt: any input is decoded or refused with JwtMalformedError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.anything(), fc.stringMatching(/^[\w-]{0,30}\.[\w-]{0,30}\.[\w-]{0,30}$/)),
        (input) => {
          try {
            const decoded = decodeAppJwt(input as string);
            expect(typeof decoded.header.alg).toBe("string");
          } catch (error) {
            expect(error).toBeInstanceOf(JwtMalformedError);
          }
        },
      ),
    );
  });

  it("decodeAppJwt: any well-typed header and claims round-trip exactly", () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = fc.record(
      {
        aud: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
        azp: fc.string(),
        scope: fc.string(),
        iss: fc.string(),
        exp: fc.integer({ min: 0, max: 2 ** 40 }),
        iat: fc.integer({ min: 0, max: 2 ** 40 }),
        nbf: fc.double({ noNaN: true, noDefaultInfinity: true }),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const header = fc.record(
      { alg: fc.string({ minLength: 1 }), kid: fc.string(), typ: fc.string() },
      { requiredKeys: ["alg"] },
    );
    fc.assert(
      fc.property(header, claims, (h, c) => {
        const jwt = `${b64(h)}.${b64(c)}.c2lnbmF0dXJl`;
        fc.pre(jwt.length <= 16 * 1024);
        expect(decodeAppJwt(jwt)).toEqual({
          header: JSON.parse(JSON.stringify(h)),
          claims: JSON.parse(JSON.stringify(c)),
        });
      }),
    );
  });

  it("parseExpiresIn: any input gives undefined or seconds in (0, one year]", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.double(), fc.string(), fc.integer().map(String)), (value) => {
        const seconds = parseExpiresIn(value);
        if (seconds !== undefined) {
          expect(seconds).toBeGreaterThan(0);
          expect(seconds).toBeLessThanOrEqual(365 * 24 * 3600);
        }
      }),
    );
  });
});
