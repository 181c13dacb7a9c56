/**
 * A `fetch` bound to one emulator: it sends requests for the hosts the emulator hands out to
 * the emulator over plain loopback HTTP, so clients can use the Domain API's bare hosts (which
 * they turn into `https://…`, and which may be `fninvocations.localhost`) without trusting a CA
 * or resolving `*.localhost`. It never reaches any other address.
 *
 * @module
 */

/**
 * A WHATWG-compatible `fetch` limited to one emulator.
 *
 * @example
 * ```ts
 * const faas = createFaasClient({ baseUrl: emulator.hosts.faasGWV2, accountId, auth, fetch: emulator.fetch });
 * ```
 */
export type EmulatorFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Where the emulator can be reached and which host names and ports count as "the emulator". */
export interface EmulatorRouting {
  /** Plain-HTTP base URL of the emulator, e.g. `http://127.0.0.1:41234`. */
  readonly plainUrl: string;
  /** Ports the emulator listens on. */
  readonly ports: ReadonlySet<number>;
  /** Host names (URL form, IPv6 in brackets) that mean the emulator. */
  readonly hostNames: ReadonlySet<string>;
}

function portOf(url: URL): number {
  if (url.port) {
    return Number(url.port);
  }
  return url.protocol === "https:" ? 443 : 80;
}

/**
 * Creates the emulator-bound `fetch`.
 *
 * @example
 * ```ts
 * const emulatorFetch = createEmulatorFetch(() => routing);
 * await emulatorFetch("https://fninvocations.localhost:41234/api/account/1/events/e/isImplemented");
 * ```
 */
export function createEmulatorFetch(routing: () => EmulatorRouting): EmulatorFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const target = new URL(request.url);
    const { plainUrl, ports, hostNames } = routing();
    const hostname = target.hostname.toLowerCase();
    const known = hostNames.has(hostname) || hostname.endsWith(".localhost");
    if (
      !known ||
      !ports.has(portOf(target)) ||
      (target.protocol !== "http:" && target.protocol !== "https:")
    ) {
      throw new TypeError(`emulator.fetch only reaches the emulator, not ${target.protocol}//${target.host}`);
    }
    const rewritten = new URL(`${target.pathname}${target.search}`, plainUrl);
    const body =
      request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(rewritten, {
      method: request.method,
      headers: request.headers,
      body,
      // The caller's own signal, not the intermediate Request's: undici links a Request's signal to
      // its init signal through a weak reference, so after a garbage collection aborts could stop
      // reaching the inner request and a hung call would stay open.
      signal: init?.signal ?? (input instanceof Request ? input.signal : request.signal),
      redirect: "manual",
    });
  };
}
