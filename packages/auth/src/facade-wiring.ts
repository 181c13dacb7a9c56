/**
 * What both facades (`createLivePersonFunctions`, `createLivePersonConnector`) wire alike: their
 * option objects checked, the Domain resolver (the caller's or one made from `domainApi`, for this
 * account) and the token manager that gets its Sentinel host through it.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertOptionsObject } from "@lpkit/core/internal";
import { createDomainResolver, type DomainResolver } from "./domain-resolver.js";
import type { LivePersonFunctionsOptions } from "./liveperson-functions.js";
import { createTokenManager, type TokenManager } from "./token-manager.js";

/** The options both facades share (the Connector facade's are the same, its `tokens` a subset). */
export type FacadeWiringOptions = Pick<
  LivePersonFunctionsOptions,
  | "accountId"
  | "clientId"
  | "clientSecret"
  | "v1Query"
  | "resolver"
  | "domainApi"
  | "tokens"
  | "fetch"
  | "transport"
  | "allowInsecureHttp"
  | "now"
  | "sleep"
  | "random"
  | "logger"
  | "onEvent"
>;

/** The resolver and the token manager of one facade. */
export interface FacadeWiring {
  readonly resolver: DomainResolver;
  readonly tokenManager: TokenManager;
  /**
   * What every client of the facade is wired with: the account, the token manager as `auth` (it
   * renews and replays once after a 401), and the facade's transport, clock and host policy.
   */
  readonly clientOptions: {
    readonly accountId: string;
    readonly auth: TokenManager;
    readonly fetch: FacadeWiringOptions["fetch"];
    readonly transport: FacadeWiringOptions["transport"];
    readonly allowInsecureHttp: FacadeWiringOptions["allowInsecureHttp"];
    readonly now: FacadeWiringOptions["now"];
    readonly sleep: FacadeWiringOptions["sleep"];
  };
}

/**
 * Checks a facade's options object and its nested option objects (`nested`, each an
 * `InvalidArgumentError` naming it when not an object), then wires the resolver and a token manager
 * for Sentinel `version`.
 *
 * @example
 * ```ts
 * const { resolver, tokenManager } = wireFacade(options, { version: "v2", nested: ["domainApi", "tokens", "faas"] });
 * ```
 */
export function wireFacade<O extends FacadeWiringOptions>(
  options: O,
  wiring: { readonly version: "v1" | "v2"; readonly nested: readonly (keyof O & string)[] },
): FacadeWiring {
  assertOptionsObject(options);
  for (const name of wiring.nested) {
    if (options[name] !== undefined) {
      assertOptionsObject(options[name], name);
    }
  }
  const resolver = resolverFor(options);
  const tokenManager = createTokenManager({
    ...options.tokens,
    accountId: options.accountId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    version: wiring.version,
    v1Query: options.v1Query,
    domains: resolver,
    fetch: options.fetch,
    transport: options.transport,
    allowInsecureHttp: options.allowInsecureHttp,
    now: options.now,
    sleep: options.sleep,
    random: options.random,
    logger: options.logger,
    onEvent: options.onEvent,
  });
  const clientOptions = {
    accountId: options.accountId,
    auth: tokenManager,
    fetch: options.fetch,
    transport: options.transport,
    allowInsecureHttp: options.allowInsecureHttp,
    now: options.now,
    sleep: options.sleep,
  };
  return { resolver, tokenManager, clientOptions };
}

/** The caller's resolver (checked: a real one, for this account) or one made from `domainApi`. */
function resolverFor(options: FacadeWiringOptions): DomainResolver {
  const resolver =
    options.resolver ??
    createDomainResolver({
      ...options.domainApi,
      accountId: options.accountId,
      fetch: options.fetch,
      transport: options.transport,
      allowInsecureHttp: options.domainApi?.allowInsecureHttp ?? options.allowInsecureHttp,
      now: options.now,
      logger: options.logger,
      onEvent: options.onEvent,
    });
  if (typeof resolver?.resolve !== "function" || typeof resolver.on !== "function") {
    throw new InvalidArgumentError("resolver", "expected a resolver from createDomainResolver");
  }
  if (resolver.accountId !== options.accountId) {
    throw new InvalidArgumentError("resolver", "is for another account");
  }
  return resolver;
}
