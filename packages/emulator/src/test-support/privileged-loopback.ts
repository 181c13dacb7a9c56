/**
 * Ports 80 and 443 for tests that need them (LivePerson's official client hard-codes both): a random
 * 127.x.y.z address per run, so two runs — or a test and the bench — never collide, a new address on
 * `EADDRINUSE`, and a clear reason to skip (not fail) when this process may not bind ports below 1024.
 *
 * @module
 */
import { createServer } from "node:net";

/** A random loopback address outside 127.0.0.0/16 and away from the bench's 127.100–199.x.y range. */
export function randomLoopbackAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 250);
  return `127.${20 + Math.floor(Math.random() * 70)}.${octet()}.${octet()}`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether this process may bind a privileged port on loopback; `undefined` when it may, else the
 * reason to skip, e.g. "binding port 80 needs root or CAP_NET_BIND_SERVICE (EACCES)".
 *
 * @example
 * ```ts
 * const skip = await privilegedPortsUnavailable();
 * describe.skipIf(skip !== undefined)(`interop${skip ? ` (skipped: ${skip})` : ""}`, () => {});
 * ```
 */
export async function privilegedPortsUnavailable(): Promise<string | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const host = randomLoopbackAddress();
    const outcome = await new Promise<string | undefined>((resolve) => {
      const server = createServer();
      server.once("error", (error) => resolve(errorCode(error) ?? "error"));
      server.listen({ host, port: 80, exclusive: true }, () => server.close(() => resolve(undefined)));
    });
    if (outcome === undefined) {
      return undefined;
    }
    if (outcome === "EACCES" || outcome === "EPERM") {
      return `binding port 80 needs root or CAP_NET_BIND_SERVICE (${outcome})`;
    }
    if (outcome !== "EADDRINUSE" && outcome !== "EADDRNOTAVAIL") {
      return `cannot bind a loopback address (${outcome})`;
    }
  }
  return "no free loopback address for port 80 after 5 tries";
}

/**
 * Runs `start(address)` on random loopback addresses until it does not fail with `EADDRINUSE`
 * (up to `tries` addresses); returns the address it started on. Other errors are thrown at once.
 *
 * @example
 * ```ts
 * const ip = await onFreeLoopbackAddress(async (ip) => {
 *   emulator = createEmulator({ host: ip, port: 443, tls: true });
 *   await emulator.start();
 * });
 * ```
 */
export async function onFreeLoopbackAddress(
  start: (address: string) => Promise<void>,
  cleanUp: () => Promise<void> = async () => {},
  tries = 5,
): Promise<string> {
  let last: unknown;
  for (let attempt = 0; attempt < tries; attempt++) {
    const address = randomLoopbackAddress();
    try {
      await start(address);
      return address;
    } catch (error) {
      last = error;
      await cleanUp();
      if (!/EADDRINUSE/.test(`${errorCode(error) ?? ""} ${(error as Error)?.message ?? ""}`)) {
        throw error;
      }
    }
  }
  throw last;
}
