/**
 * The `fetch` handed to lpkit's clients in these tests: it records every exchange with the
 * violations Prism reported (`sl-violations`), and sends URLs for loopback hosts — `127.0.0.1`,
 * `localhost` and `*.localhost` names such as `fninvocations.localhost`, with `https://` as the
 * clients build them from the Domain API's bare hosts — to 127.0.0.1 over plain HTTP, the way a
 * user points lpkit at local servers. Nothing else is reachable.
 *
 * @module
 */

/** One request and what Prism said about it. */
export interface RecordedExchange {
  readonly method: string;
  /** The URL the client asked for (before any rewriting). */
  readonly url: string;
  readonly status: number;
  /** Prism's `sl-violations` header, parsed; `[]` when the exchange obeyed the spec. */
  readonly violations: readonly unknown[];
}

/** A recording, loopback-only fetch. */
export interface CheckedFetch {
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  readonly exchanges: RecordedExchange[];
}

function isLoopbackName(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname.endsWith(".localhost");
}

/**
 * Creates the fetch; `headers` are added to every request (e.g. Prism's `Prefer`).
 *
 * @example
 * ```ts
 * const checked = checkedFetch();
 * const domain = createDomainClient({ baseUrl: mock.url, fetch: checked.fetch });
 * ```
 */
export function checkedFetch(headers: Readonly<Record<string, string>> = {}): CheckedFetch {
  const exchanges: RecordedExchange[] = [];
  return {
    exchanges,
    async fetch(input, init) {
      const request = new Request(input, init);
      const target = new URL(request.url);
      if (!isLoopbackName(target.hostname)) {
        throw new TypeError(`the test fetch reaches loopback only, not ${target.host}`);
      }
      const port = target.port || (target.protocol === "https:" ? "443" : "80");
      const rewritten = new URL(`${target.pathname}${target.search}`, `http://127.0.0.1:${port}`);
      const sent = new Headers(request.headers);
      for (const [name, value] of Object.entries(headers)) {
        sent.set(name, value);
      }
      const body =
        request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      const response = await globalThis.fetch(rewritten, {
        method: request.method,
        headers: sent,
        body,
        redirect: "manual",
        signal: init?.signal ?? request.signal,
      });
      const raw = response.headers.get("sl-violations");
      exchanges.push({
        method: request.method,
        url: request.url,
        status: response.status,
        violations: raw ? (JSON.parse(raw) as unknown[]) : [],
      });
      return response;
    },
  };
}
