/**
 * fast-check generators for hostile arguments, shared by the property tests: everything that is
 * *not* a valid account id, UUID, event id, service name, duration, function or options object —
 * plus hosts that are and are not loopback.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import {
  ACCOUNT_ID_PATTERN,
  EVENT_ID_PATTERN,
  isLoopbackHost,
  isPinnedLocalhostName,
  SERVICE_NAME_PATTERN,
  UUID_PATTERN,
} from "@lpkit/core/internal";
import fc from "fast-check";
import { expect } from "vitest";

/** Values of every JavaScript type except strings. */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, Number.NaN, 12345678, {}, [], () => "x"),
  fc.integer(),
  fc.double(),
  fc.object(),
  fc.array(fc.string(), { maxLength: 3 }),
);

/** Strings with control characters, spaces, unicode, path and query tricks, or far too long. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "../../etc/passwd",
    "a/b",
    "a?b=c",
    "a#b",
    "%2e%2e",
    "abc\r\nX-Injected: 1",
    "x".repeat(300),
    "１２３", // full-width digits
    "١٢٣", // Arabic-Indic digits
  ),
);

function notMatching(pattern: RegExp): fc.Arbitrary<unknown> {
  return fc.oneof(
    notAString,
    nastyString.filter((s) => !pattern.test(s)),
  );
}

/** Anything that is not a LivePerson account id. */
export const badAccountId = notMatching(ACCOUNT_ID_PATTERN);
/** Anything that is not a canonical UUID. */
export const badUuid = notMatching(UUID_PATTERN);
/** Anything that is not a Functions event id. */
export const badEventId = notMatching(EVENT_ID_PATTERN);
/** Anything that is not a Domain API service name. */
export const badServiceName = notMatching(SERVICE_NAME_PATTERN);

/** Valid account ids, service names, UUIDs and event ids. */
export const accountId = fc.stringMatching(ACCOUNT_ID_PATTERN);
export const serviceName = fc.stringMatching(SERVICE_NAME_PATTERN);
export const uuid = fc.uuid();
export const eventId = fc.stringMatching(EVENT_ID_PATTERN);

/**
 * Anything that is not a non-negative finite number of milliseconds (`null` is left out: most
 * options read `null` as "not set", like `undefined`).
 */
export const badDuration: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "5000", "", true, {}, []),
);

/** Defined values that are not functions. */
export const notAFunction: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, "fetch", true, {}, []),
  fc.object(),
);

/** Values that are not options objects. */
export const notAnObject: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  0,
  1,
  "",
  "options",
  true,
  Symbol.iterator,
);

/** Values that are not an `AbortSignal`. */
export const notASignal: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, "signal", true, [], { aborted: "no" }),
  fc.object(),
);

/** Strings that cannot be a base URL: other schemes, credentials, queries, fragments, blanks, junk. */
export const badBaseUrl: fc.Arbitrary<unknown> = fc.oneof(
  notAString.filter((v) => v !== undefined && v !== null),
  fc.constantFrom(
    "",
    "   ",
    "ftp://va.sentinel.liveperson.net",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://user:pass@va.sentinel.liveperson.net",
    "https://va.sentinel.liveperson.net/?q=1",
    "https://va.sentinel.liveperson.net/#frag",
    "http://va.sentinel.liveperson.net",
    "https://[::1",
    "https://exa mple.com",
  ),
);

/** Hosts that are not loopback: random domains, public and private IPv4, IPv6, and look-alikes. */
export const nonLoopbackHost: fc.Arbitrary<string> = fc
  .oneof(
    fc.domain(),
    fc.ipV4().filter((ip) => !ip.startsWith("127.")),
    fc.ipV6().map((ip) => `[${ip}]`),
    fc.constantFrom(
      "localhost.example.com",
      "127.0.0.1.nip.io",
      "0.0.0.0",
      "10.0.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "va.faasgw.liveperson.net",
      "[::ffff:127.0.0.1]",
      "localhost-evil.com",
      // Look-alikes of *.localhost names that are not under .localhost.
      "localhost.evil.example",
      "emulator.localhost.evil.example",
    ),
  )
  .filter((host) => {
    try {
      const { hostname } = new URL(`http://${host}`);
      return !isLoopbackHost(hostname) && !isPinnedLocalhostName(hostname);
    } catch {
      return false;
    }
  });

/**
 * Loopback hosts, where plain http:// is always allowed: literal loopback addresses, `localhost`,
 * and (13.4) `*.localhost` names, which lpkit pins to 127.0.0.1 instead of asking the resolver.
 */
export const loopbackHost: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("localhost", "127.0.0.1", "[::1]", "emulator.localhost", "fninvocations.localhost"),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
);

/** An optional `:port`. */
export const port: fc.Arbitrary<string> = fc
  .option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })
  .map((p) => (p === undefined ? "" : `:${p}`));

/**
 * Runs `fn`, which must throw an `InvalidArgumentError` naming `argument` (a string or pattern).
 *
 * @example
 * ```ts
 * expectInvalid(() => createDomainClient({ timeoutMs: -1 }), "timeoutMs");
 * ```
 */
export function expectInvalid(fn: () => unknown, argument: string | RegExp): InvalidArgumentError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected an InvalidArgumentError").toBeInstanceOf(InvalidArgumentError);
  const error = thrown as InvalidArgumentError;
  if (typeof argument === "string") {
    expect(error.argument).toBe(argument);
  } else {
    expect(error.argument).toMatch(argument);
  }
  return error;
}

/**
 * Awaits `promise`, which must reject with an `InvalidArgumentError` naming `argument`.
 *
 * @example
 * ```ts
 * await expectInvalidAsync(domain.listServices("12 34"), "accountId");
 * ```
 */
export async function expectInvalidAsync(
  promise: Promise<unknown>,
  argument: string | RegExp,
): Promise<InvalidArgumentError> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected an InvalidArgumentError").toBeInstanceOf(InvalidArgumentError);
  const error = thrown as InvalidArgumentError;
  if (typeof argument === "string") {
    expect(error.argument).toBe(argument);
  } else {
    expect(error.argument).toMatch(argument);
  }
  return error;
}

/**
 * A `fetch` that records what would have been sent and answers 500: property tests assert it was
 * never called for bad input.
 *
 * @example
 * ```ts
 * const net = noNetwork();
 * createDomainClient({ fetch: net.fetch });
 * expect(net.calls).toEqual([]);
 * ```
 */
export function noNetwork(): { fetch: (request: Request) => Promise<Response>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (request) => {
      calls.push(`${request.method} ${request.url}`);
      return new Response("{}", { status: 500 });
    },
  };
}
