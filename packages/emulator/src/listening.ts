/**
 * Listening and closing for the emulator's servers, with the loopback rule: an address other than
 * loopback (a wildcard such as `0.0.0.0`, or a LAN address) is served only with `expose: true`,
 * and the address actually bound is checked again after `listen` (a name may resolve elsewhere).
 *
 * @module
 */
import type http from "node:http";
import type https from "node:https";
import type { AddressInfo } from "node:net";
import { isLoopbackAddress, isLoopbackHost } from "./loopback.js";

/** An HTTP or HTTPS server of the emulator. */
export type AnyServer = http.Server | https.Server;

/**
 * The address a listener is bound to.
 *
 * @example
 * ```ts
 * const { address, port } = emulator.address; // e.g. "127.0.0.1", 41234 (or "0.0.0.0" with expose)
 * ```
 */
export interface BoundAddress {
  /** The bound IP address, e.g. `127.0.0.1`, `::1`, or `0.0.0.0` for every IPv4 interface. */
  readonly address: string;
  readonly port: number;
  readonly family: "IPv4" | "IPv6";
  /** Whether other machines may reach it (not a loopback address). */
  readonly exposed: boolean;
}

/** `host` as it goes into a URL (IPv6 in brackets). */
export function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Whether a host is a wildcard (every interface). */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/**
 * Throws unless `host` is loopback or `expose` is set.
 *
 * @example
 * ```ts
 * checkListenHost("0.0.0.0", false, "createEmulator"); // throws: pass expose: true
 * ```
 */
export function checkListenHost(host: string, expose: boolean, where: string): void {
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`${where}: host must be a non-empty string`);
  }
  if (!expose && !isLoopbackHost(host)) {
    throw new TypeError(
      `${where}: host ${host} is not a loopback address; pass expose: true to let other machines reach the emulator`,
    );
  }
}

function describe(info: AddressInfo): BoundAddress {
  const family = info.family === "IPv6" ? "IPv6" : "IPv4";
  return { address: info.address, port: info.port, family, exposed: !isLoopbackAddress(info.address) };
}

/**
 * Listens on `host:port`; resolves with the bound address. Without `expose`, a bound address that
 * is not loopback closes the server and rejects.
 *
 * @example
 * ```ts
 * const bound = await listenOn(server, 0, "127.0.0.1", false);
 * ```
 */
export function listenOn(
  server: AnyServer,
  port: number,
  host: string,
  expose: boolean,
): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const bound = describe(server.address() as AddressInfo);
      if (bound.exposed && !expose) {
        server.close();
        reject(
          new Error(
            `${host} resolved to ${bound.address}, which is not loopback; pass expose: true to serve it`,
          ),
        );
        return;
      }
      resolve(bound);
    });
  });
}

/** Closes a server and every connection it holds. */
export function closeServer(server: AnyServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
