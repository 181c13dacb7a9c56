/**
 * The options kit, part two: the options every client factory shares — `headers`, `fetch` /
 * `transport`, and object options that must implement an interface. Exported from
 * `@lpkit/core/internal`.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.js";
import { isRecord, optionalFunction } from "./options.js";
import { setOwn } from "./own-keys.js";
import { type FetchLike, fetchTransport, type HeadersLike, type Transport } from "./transport.js";
import { assertWellFormed, describe } from "./validate.js";

/**
 * Checks the `headers` option (a record, `[name, value]` pairs or a `Headers`) and returns it as a
 * record with lower-case names, as a `Headers` would hold them.
 *
 * @example
 * ```ts
 * toHeaderRecord({ "X-Tenant": "t1" }); // { "x-tenant": "t1" }
 * ```
 */
export function toHeaderRecord(value: unknown, name = "headers"): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) {
    return out;
  }
  let headers: Headers;
  try {
    if (value === null || typeof value !== "object") {
      throw new TypeError("not an object");
    }
    headers = new Headers(value as HeadersLike);
  } catch {
    throw new InvalidArgumentError(
      name,
      "expected valid HTTP header names and values (a record, [name, value] pairs or Headers)",
    );
  }
  headers.forEach((headerValue, headerName) => {
    setOwn(out, headerName, assertWellFormed(headerValue, `${name}.${headerName}`));
  });
  return out;
}

/**
 * The transport of a client: `transport` when given (it must have `send`), else {@link fetchTransport}
 * over `fetch` (checked to be a function) or, without one, over `globalThis.fetch`.
 *
 * @example
 * ```ts
 * const transport = toTransport(options.fetch, options.transport);
 * ```
 */
export function toTransport(fetch: unknown, transport: unknown): Transport {
  if (transport !== undefined) {
    if (!isRecord(transport) || typeof transport.send !== "function") {
      throw new InvalidArgumentError(
        "transport",
        `expected a Transport ({ send(request) }), got ${describe(transport)}`,
      );
    }
    return transport as unknown as Transport;
  }
  return fetchTransport(optionalFunction<FetchLike>(fetch, "fetch"));
}

/**
 * Checks an optional object option that must implement `methods` (a store, a client, a key source)
 * and returns it.
 *
 * @example
 * ```ts
 * const store = optionalImplementation<TokenStore>(options.store, "store", ["get", "set", "delete"], "a TokenStore");
 * ```
 */
export function optionalImplementation<T>(
  value: unknown,
  name: string,
  methods: readonly string[],
  expected: string,
): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isRecord(value) || methods.some((method) => typeof value[method] !== "function")) {
    throw new InvalidArgumentError(name, `expected ${expected}`);
  }
  return value as T;
}
