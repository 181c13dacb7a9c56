/**
 * The Connector facade's wiring: the domain resolver, the AppJWT manager (Sentinel **v1** — the
 * AppJWT of an app installation with scope `msg.consumer`), and one IdP and one Send API client per
 * host the resolver names (`idp`, `asyncMessagingEnt`), the AppJWT going raw into both.
 *
 * @module
 */
import { type ConnectorClient, createConnectorClient } from "@lpkit/connector";
import { callSignal } from "@lpkit/core/internal";
import { createIdpClient, type IdpClient } from "@lpkit/idp";
import type { DomainResolver } from "../domain-resolver.js";
import { wireFacade } from "../facade-wiring.js";
import type { TokenManager } from "../token-manager.js";
import type { LivePersonConnectorOptions } from "./connector-types.js";

/** The wired parts of one facade. */
export interface ConnectorWiring {
  readonly resolver: DomainResolver;
  readonly tokenManager: TokenManager;
  idp(signal: AbortSignal | undefined): Promise<IdpClient>;
  sendApi(signal: AbortSignal | undefined): Promise<ConnectorClient>;
  /** Hosts the clients were made for, per service. */
  hosts(): { idp: string[]; asyncMessagingEnt: string[] };
}

/**
 * Checks the nested option objects and wires the resolver, the AppJWT manager and the clients.
 *
 * @example
 * ```ts
 * const { tokenManager, sendApi } = wireConnector(options);
 * const client = await sendApi(undefined);
 * ```
 */
export function wireConnector(options: LivePersonConnectorOptions): ConnectorWiring {
  const { resolver, tokenManager, clientOptions } = wireFacade(options, {
    // The Connector API's AppJWT is a Sentinel v1 token (scope msg.consumer).
    version: "v1",
    nested: ["domainApi", "tokens", "idp", "sendApi", "newConversation"],
  });
  // `clientOptions.auth` is the token manager as an AppJWT source: its raw access token (no
  // "Bearer "), renewed and replayed once after a rejection.
  // Check the client options once, here, rather than at the first send.
  const probe = { baseUrl: "https://127.0.0.1" };
  createIdpClient({ ...options.idp, ...clientOptions, ...probe });
  createConnectorClient({ ...options.sendApi, ...clientOptions, ...probe });

  const idps = new Map<string, IdpClient>();
  const sendApis = new Map<string, ConnectorClient>();
  const clientFor = async <C>(
    service: "idp" | "asyncMessagingEnt",
    cache: Map<string, C>,
    make: (host: string) => C,
    signal: AbortSignal | undefined,
  ): Promise<C> => {
    const host = await resolver.resolve(service, { signal: callSignal({ signal }) });
    let client = cache.get(host);
    if (client === undefined) {
      client = make(host);
      cache.set(host, client);
    }
    return client;
  };
  return {
    resolver,
    tokenManager,
    idp: (signal) =>
      clientFor(
        "idp",
        idps,
        (host) => createIdpClient({ ...options.idp, ...clientOptions, baseUrl: host }),
        signal,
      ),
    sendApi: (signal) =>
      clientFor(
        "asyncMessagingEnt",
        sendApis,
        (host) => createConnectorClient({ ...options.sendApi, ...clientOptions, baseUrl: host }),
        signal,
      ),
    hosts: () => ({ idp: [...idps.keys()], asyncMessagingEnt: [...sendApis.keys()] }),
  };
}
