/**
 * Property-based argument validation of `@lpkit/faasgw`: malformed options, lambda UUIDs, event ids,
 * payloads (undefined, functions, symbols, BigInt, cycles, absurd depth, over the size limit) and
 * per-call options are refused before any request; any JSON payload reaches the function unchanged.
 *
 * @module
 */
import {
  bearerHeader,
  conventionForHost,
  createFaasClient,
  type FaasClientOptions,
  isFunctionErrorCode,
} from "@lpkit/faasgw";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  badAccountId,
  badBaseUrl,
  badDuration,
  badEventId,
  badUuid,
  eventId,
  expectInvalid,
  expectInvalidAsync,
  noNetwork,
  notAFunction,
  notAnObject,
  uuid,
} from "../harness/arbitraries.js";

const BASE = "va.faasgw.liveperson.net";
const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const base = (extra: Partial<FaasClientOptions> = {}): FaasClientOptions => ({
  baseUrl: BASE,
  accountId: ACCOUNT,
  auth: "Bearer t0k3n",
  ...extra,
});

/** Payloads JSON cannot carry. */
const badPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, () => 1, Symbol("s"), 10n),
  fc.constant(null).map(() => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    return cycle;
  }),
  fc.integer({ min: 20_000, max: 60_000 }).map((depth) => {
    let deep: unknown = 0;
    for (let i = 0; i < depth; i++) {
      deep = [deep];
    }
    return deep;
  }),
  fc.constant(null).map(() => ({ big: "x".repeat(4 * 1024 * 1024) })),
  fc.record({ nested: fc.constant(5n) }),
);

describe("@lpkit/faasgw arguments (property-based)", () => {
  it("createFaasClient: any malformed option is refused, naming it", () => {
    fc.assert(
      fc.property(notAnObject, (options) => {
        expectInvalid(() => createFaasClient(options as never), "options");
      }),
    );
    fc.assert(
      fc.property(fc.oneof(badBaseUrl, fc.constantFrom(undefined, null)), (baseUrl) => {
        expectInvalid(() => createFaasClient(base({ baseUrl: baseUrl as string })), "baseUrl");
      }),
    );
    fc.assert(
      fc.property(badAccountId, (accountId) => {
        expectInvalid(() => createFaasClient(base({ accountId: accountId as string })), "accountId");
      }),
    );
    fc.assert(
      fc.property(
        fc.anything().filter((v) => v !== undefined && v !== "v1" && v !== "v2"),
        (convention) => {
          expectInvalid(() => createFaasClient(base({ convention: convention as "v1" })), "convention");
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom("", "  ", "Bearer x\r\nX-Evil: 1", "a\u0000b", 0, null, {}, []),
          fc.integer(),
        ),
        (auth) => {
          expectInvalid(() => createFaasClient(base({ auth: auth as string })), "auth");
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          // 14.4: spaces and accents are fine ("My CRM"); control characters, CR/LF, over-long values
          // and lone surrogates are not.
          fc.constantFrom("", "  ", "tab\t", "line\r\nbreak", "x".repeat(129), "\uD800", 0, null, {}),
          fc.string({ maxLength: 100 }).map((s) => `${s}\u0007`),
        ),
        (source) => {
          expectInvalid(() => createFaasClient(base({ source: source as string })), "source");
        },
      ),
    );
    fc.assert(
      fc.property(badDuration, (timeoutMs) => {
        expectInvalid(() => createFaasClient(base({ timeoutMs: timeoutMs as number })), "timeoutMs");
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom("fetch", "now", "sleep"), notAFunction, (name, value) => {
        expectInvalid(() => createFaasClient(base({ [name]: value })), name);
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("maxRequestBytes", "maxResponseBytes"),
        fc.oneof(
          fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10", null),
          fc.integer({ max: 0 }),
        ),
        (name, value) => {
          expectInvalid(() => createFaasClient(base({ [name]: value })), name);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            attempts: fc.oneof(
              fc.integer({ min: 11 }),
              fc.integer({ max: -1 }),
              fc.double({ min: 0.1, max: 9.9, noInteger: true }),
            ),
          }),
          fc.record({ maxDelayMs: badDuration }),
          fc.record({ idempotent: fc.anything().filter((v) => v !== undefined && typeof v !== "boolean") }),
        ),
        (retry) => {
          expectInvalid(() => createFaasClient(base({ retry: retry as never })), /^retry\./);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(1, "m", null), fc.array(fc.constantFrom(1, {}, "x"), { minLength: 1 })),
        (middleware) => {
          // The option is gone (wrap `fetch`): any value is refused, naming it.
          expectInvalid(() => createFaasClient(base({ middleware } as never)), "middleware");
        },
      ),
    );
  });

  it("invoke / invokeEvent / isImplemented: any malformed argument is refused before sending", async () => {
    const net = noNetwork();
    const faas = createFaasClient(base({ fetch: net.fetch }));
    await fc.assert(
      fc.asyncProperty(badUuid, async (lambdaUuid) => {
        await expectInvalidAsync(faas.invoke(lambdaUuid as string, {}), "lambdaUuid");
      }),
    );
    await fc.assert(
      fc.asyncProperty(badEventId, async (id) => {
        await expectInvalidAsync(faas.invokeEvent(id as string, {}), "eventId");
        await expectInvalidAsync(faas.isImplemented(id as string), "eventId");
      }),
      { numRuns: 50 },
    );
    await fc.assert(
      fc.asyncProperty(badPayload, async (payload) => {
        await expectInvalidAsync(faas.invoke(LAMBDA, payload), "payload");
      }),
      { numRuns: 30 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            timestamp: fc.oneof(
              fc.integer({ max: -1 }),
              fc.double({ noInteger: true }),
              fc.constantFrom("1", 2 ** 60),
            ),
          }),
          fc.record({ timeoutMs: badDuration }),
          fc.record({ userId: fc.constantFrom("", "a\nb", "x".repeat(257), 5) }),
          // 14.2: skillId "" is accepted (sent as skillId=).
          fc.record({ skillId: fc.constantFrom("\u0000", "x".repeat(257), {}, "\uDC00") }),
          fc.record({
            headers: fc.constantFrom(null, 5, "h", [{ key: "", value: "v" }], [{ key: "k", value: 1 }], {
              k: 2,
            }),
          }),
          fc.record({ idempotent: fc.constantFrom("true", 1, null, {}) }),
        ),
        async (options) => {
          const [name] = Object.keys(options);
          await expectInvalidAsync(faas.invoke(LAMBDA, {}, options as never), name as string);
        },
      ),
    );
    expect(net.calls).toEqual([]);
  });

  it("invoke: any JSON payload, headers and ids reach the gateway unchanged, in one request", async () => {
    await fc.assert(
      fc.asyncProperty(
        uuid,
        fc.jsonValue(),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 4 }),
        async (lambdaUuid, payload, headers) => {
          const bodies: { url: string; body: unknown }[] = [];
          const faas = createFaasClient(
            base({
              fetch: async (request) => {
                bodies.push({ url: request.url, body: await request.json() });
                return new Response('{"ok":true}', { status: 200 });
              },
              now: () => 1_767_225_600_000,
            }),
          );
          const result = await faas.invoke(lambdaUuid, payload, { headers });
          expect(result.data).toEqual({ ok: true });
          expect(bodies).toHaveLength(1);
          expect(bodies[0]?.url).toContain(`/lambdas/${lambdaUuid}/invoke`);
          expect(bodies[0]?.body).toEqual({
            timestamp: 1_767_225_600_000,
            headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
            payload: JSON.parse(JSON.stringify(payload)),
          });
        },
      ),
    );
  });

  it("invokeEvent / isImplemented: any valid event id is sent in the path, once", async () => {
    await fc.assert(
      fc.asyncProperty(eventId, async (id) => {
        const urls: string[] = [];
        const faas = createFaasClient(
          base({
            fetch: async (request) => {
              urls.push(new URL(request.url).pathname);
              return new Response('{"implemented":false}', { status: 200 });
            },
          }),
        );
        expect(await faas.isImplemented(id)).toBe(false);
        expect(urls).toEqual([`/api/account/${ACCOUNT}/events/${id}/isImplemented`]);
      }),
    );
  });

  it("conventionForHost, bearerHeader, isFunctionErrorCode: total and consistent on any input", () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (host, v2) => {
        const name = v2 ? `va.fninvocations.${host}` : host;
        fc.pre(v2 || !host.includes("fninvocations"));
        expect(conventionForHost(name)).toBe(v2 ? "v2" : "v1");
      }),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => s.trim() !== "" && !/[\r\n\0]/.test(s)),
        (token) => {
          const header = bearerHeader(token);
          expect(header).toMatch(/^bearer\s+\S/i);
          expect(header).toContain(token.trim().replace(/^bearer\s+/i, ""));
        },
      ),
    );
    const FUNCTION_PREFIXES = ["com.customer.faas.", "com.liveperson.faas.handler."];
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.constantFrom("", "com.liveperson.faas.es.", ...FUNCTION_PREFIXES),
        (rest, prefix) => {
          const code = rest === undefined ? undefined : `${prefix}${rest}`;
          const expected = code !== undefined && FUNCTION_PREFIXES.some((p) => code.startsWith(p));
          expect(isFunctionErrorCode(code)).toBe(expected);
        },
      ),
    );
  });
});
