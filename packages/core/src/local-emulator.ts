/**
 * What lets lpkit run against an emulator on this machine with one setting, and nothing looser.
 *
 * - `LPKIT_DOMAIN_API` ({@link DOMAIN_API_VARIABLE}) names the Domain API when no `baseUrl` option
 *   does; a loopback one makes the loopback hosts it hands out acceptable (see `host-policy.ts`).
 * - `*.localhost` names (RFC 6761 §6.3, e.g. the emulator's `fninvocations.localhost`) are pinned to
 *   `127.0.0.1` inside lpkit: `exchange` sends a request for `http://fninvocations.localhost:4000/…`
 *   to `http://127.0.0.1:4000/…`, so such a name is never given to the system resolver (glibc asks
 *   DNS for it, and a DNS server would receive the request). `localhost` itself is left to the resolver,
 *   which answers it from the hosts file.
 *
 * Exported from `@lpkit/core/internal`.
 *
 * @module
 */

/** The address every `*.localhost` name is sent to. */
export const PINNED_LOCALHOST_ADDRESS = "127.0.0.1";

/**
 * Whether `hostname` (no port) is a name under `.localhost`, which lpkit pins to 127.0.0.1.
 *
 * @example
 * ```ts
 * isPinnedLocalhostName("fninvocations.localhost"); // true
 * isPinnedLocalhostName("localhost");               // false (left to the resolver)
 * isPinnedLocalhostName("localhost.evil.example");  // false
 * ```
 */
export function isPinnedLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host.endsWith(".localhost") && host.length > ".localhost".length && !host.startsWith(".");
}

/**
 * The URL a request is really sent to: `url` itself, or — for a `*.localhost` host — the same URL
 * on 127.0.0.1 (scheme, port, path and query unchanged).
 *
 * @example
 * ```ts
 * pinnedUrl("http://fninvocations.localhost:4000/api/x?v=1"); // "http://127.0.0.1:4000/api/x?v=1"
 * pinnedUrl("https://va.faasgw.liveperson.net/api/x");        // unchanged
 * ```
 */
export function pinnedUrl(url: string): string {
  // Cheap test first: almost every request is for a LivePerson host.
  if (!url.toLowerCase().includes(".localhost")) {
    return url;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!isPinnedLocalhostName(parsed.hostname)) {
    return url;
  }
  parsed.hostname = PINNED_LOCALHOST_ADDRESS;
  return parsed.href;
}

/**
 * The environment variable that points every lpkit client at another Domain API — an emulator:
 * `LPKIT_DOMAIN_API=http://127.0.0.1:4000`. Used when no `baseUrl` option is given.
 *
 * @example
 * ```ts
 * process.env[DOMAIN_API_VARIABLE] = "http://127.0.0.1:4000";
 * ```
 */
export const DOMAIN_API_VARIABLE = "LPKIT_DOMAIN_API";

/**
 * Reads an environment variable where the runtime has one (`process.env` in Node, Bun and Deno);
 * `undefined` when it is unset, blank, or not readable (a browser, a Worker, Deno without
 * `--allow-env`).
 *
 * @example
 * ```ts
 * const domainApi = environmentVariable("LPKIT_DOMAIN_API");
 * ```
 */
export function environmentVariable(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  } catch {
    // Deno without --allow-env throws on access.
    return undefined;
  }
}
