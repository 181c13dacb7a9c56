/**
 * The convenience entry: domain resolver + token manager + `@lpkit/faasgw`, wired together, so
 * invoking a LivePerson function from scratch takes one options object. The faasGW host is looked
 * up through the resolver (and follows it when the Domain API moves it); requests carry a managed
 * token and a 401 is answered by one refresh-and-replay.
 *
 * @module
 */
import type { FetchLike, Now, Sleep, Transport } from "@lpkit/core";
import { assertEventId, assertUuid, callSignal } from "@lpkit/core/internal";
import { createFaasClient, type FaasClient, type FaasClientOptions } from "@lpkit/faasgw";
import { cachedHost } from "./cached-host.js";
import type { DomainResolver, DomainResolverOptions } from "./domain-resolver.js";
import type { AuthEvent } from "./events.js";
import { wireFacade } from "./facade-wiring.js";
import type { AuthLogger } from "./logger.js";
import { describeAs, withSecretScrubbed } from "./redaction.js";
import type { TokenManager, TokenManagerOptions } from "./token-manager.js";
import type { TokenStore } from "./token-store.js";

/**
 * faasGW client options you may set; host, account, auth, fetch and clock are wired for you.
 *
 * @example
 * ```ts
 * createLivePersonFunctions({ ...credentials, faas: { source: "my-crm", timeoutMs: 20_000 } });
 * ```
 */
export type FunctionsFaasOptions = Omit<
  FaasClientOptions,
  "baseUrl" | "accountId" | "auth" | "fetch" | "transport" | "now" | "sleep" | "allowInsecureHttp"
>;

/**
 * Options of {@link createLivePersonFunctions}.
 *
 * @example
 * ```ts
 * const options: LivePersonFunctionsOptions = { accountId: "12345678", clientId, clientSecret, version: "v2", logger: console };
 * ```
 */
export interface LivePersonFunctionsOptions {
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Sentinel API version. Default `"v2"`. */
  version?: "v1" | "v2" | undefined;
  /** `v` query on the v1 token path (see `createTokenManager`). */
  v1Query?: "1.0" | "2.0" | undefined;
  /** A resolver to share; default one made from `domainApi`. */
  resolver?: DomainResolver | undefined;
  /** Options of the resolver made here (`baseUrl`, `ttlMs`, `overrides`, `fallback`, …). */
  domainApi?:
    | Omit<
        DomainResolverOptions,
        "accountId" | "fetch" | "transport" | "now" | "logger" | "onEvent" | "domainClient"
      >
    | undefined;
  /** Token options (store, windows, retry, timeout). */
  tokens?: Pick<
    TokenManagerOptions,
    "store" | "storeTimeoutMs" | "softWindowMs" | "hardWindowMs" | "retry" | "timeoutMs"
  > & {
    store?: TokenStore | undefined;
  };
  /** faasGW client options (convention, source, timeout, retry, headers, …). */
  faas?: FunctionsFaasOptions | undefined;
  /** One `fetch` for the Domain API, Sentinel and faasGW (wrap it to observe or change requests). */
  fetch?: FetchLike | undefined;
  /** Advanced: one transport for the Domain API, Sentinel and faasGW instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
  /** Allow plain `http://` for non-loopback hosts (never in production). */
  allowInsecureHttp?: boolean | undefined;
  now?: Now | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  logger?: AuthLogger | undefined;
  /** Every event of the resolver and the token manager. */
  onEvent?: ((event: AuthEvent) => void) | undefined;
}

/**
 * Functions of one account, ready to invoke; made by {@link createLivePersonFunctions}.
 *
 * @example
 * ```ts
 * const lp: LivePersonFunctions = createLivePersonFunctions({ accountId, clientId, clientSecret });
 * if (await lp.isImplemented("bot_connectors_custom_integration")) await lp.invokeEvent("bot_connectors_custom_integration", {});
 * ```
 */
export interface LivePersonFunctions extends Pick<FaasClient, "invoke" | "invokeEvent" | "isImplemented"> {
  /** The faasGW client for the current host (looked up through the resolver). */
  client(options?: { signal?: AbortSignal | undefined }): Promise<FaasClient>;
  readonly tokenManager: TokenManager;
  readonly resolver: DomainResolver;
  /** Stops in-flight token requests (see `TokenManager.dispose`). */
  dispose(): void;
}

/**
 * Wires discovery, tokens and the faasGW client for one account.
 *
 * @example
 * ```ts
 * import { createLivePersonFunctions } from "@lpkit/auth";
 *
 * const lp = createLivePersonFunctions({ accountId: "12345678", clientId: process.env.LP_CLIENT_ID!, clientSecret: process.env.LP_CLIENT_SECRET! });
 * const { data } = await lp.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", { hello: "world" });
 * ```
 */
export function createLivePersonFunctions(options: LivePersonFunctionsOptions): LivePersonFunctions {
  return withSecretScrubbed((options as { clientSecret?: unknown } | null | undefined)?.clientSecret, () =>
    buildLivePersonFunctions(options),
  );
}

function buildLivePersonFunctions(options: LivePersonFunctionsOptions): LivePersonFunctions {
  const { resolver, tokenManager, clientOptions } = wireFacade(options, {
    version: options.version ?? "v2",
    nested: ["domainApi", "tokens", "faas"],
  });
  const faasOptions = options.faas ?? {};

  const clients = new Map<string, FaasClient>();
  /** The client for `host`, made on first use. */
  const clientFor = (host: string): FaasClient => {
    let faas = clients.get(host);
    if (!faas) {
      faas = createFaasClient({
        ...faasOptions,
        // The token manager as authenticator (`clientOptions.auth`): faasGW sets the header, and on
        // a 401 invalidates the token and replays once with the already-serialised body.
        ...clientOptions,
        baseUrl: host,
      });
      clients.set(host, faas);
    }
    return faas;
  };
  const client = async (callOptions?: { signal?: AbortSignal | undefined }): Promise<FaasClient> => {
    const signal = callSignal(callOptions);
    return clientFor(await resolver.resolve("faasGW", { signal }));
  };
  /** The hot path: the client for the faasGW host the resolver holds fresh, without a wait. */
  const current = (signal: AbortSignal | undefined): FaasClient | Promise<FaasClient> => {
    const host = cachedHost(resolver, "faasGW");
    return host === undefined ? client({ signal }) : clientFor(host);
  };

  const functions: LivePersonFunctions = {
    async invoke(lambdaUuid, payload, invokeOptions) {
      assertUuid(lambdaUuid);
      const signal = callSignal(invokeOptions);
      return (await current(signal)).invoke(lambdaUuid, payload, invokeOptions);
    },
    async invokeEvent(eventId, payload, invokeOptions) {
      assertEventId(eventId);
      const signal = callSignal(invokeOptions);
      return (await current(signal)).invokeEvent(eventId, payload, invokeOptions);
    },
    async isImplemented(eventId, callOptions) {
      assertEventId(eventId);
      const signal = callSignal(callOptions);
      return (await current(signal)).isImplemented(eventId, callOptions);
    },
    client,
    tokenManager,
    resolver,
    dispose: () => tokenManager.dispose(),
  };
  return describeAs(functions, () => ({
    kind: "LivePersonFunctions",
    accountId: options.accountId,
    tokenManager,
    resolver,
    faasHosts: [...clients.keys()],
  }));
}
