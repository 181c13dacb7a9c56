/**
 * The emulator's route table: which URL paths it serves, under which stable route name (used by
 * counters, fault rules and the exchange hook), and which spec operation each one implements.
 *
 * @module
 */

/**
 * Stable names of the routes the emulator serves.
 *
 * @example
 * ```ts
 * const route: RouteName = "sentinel.token.v2";
 * emulator.stats().requests.byRoute[route]?.byStatus["200"];
 * ```
 */
export type RouteName =
  | "domain.list"
  | "domain.single"
  | "sentinel.token.v1"
  | "sentinel.token.v2"
  | "sentinel.jwks"
  | "faasgw.invoke"
  | "faasgw.invokeEvent"
  | "faasgw.isImplemented"
  | "idp.consumerJws"
  | "connector.conversation"
  | "connector.send";

/**
 * Every route name, in a stable order.
 *
 * @example
 * ```ts
 * for (const route of ROUTE_NAMES) emulator.fault({ route, latencyMs: 50 });
 * ```
 */
export const ROUTE_NAMES: readonly RouteName[] = [
  "domain.list",
  "domain.single",
  "sentinel.token.v1",
  "sentinel.token.v2",
  "sentinel.jwks",
  "faasgw.invoke",
  "faasgw.invokeEvent",
  "faasgw.isImplemented",
  "idp.consumerJws",
  "connector.conversation",
  "connector.send",
];

/**
 * Which API (and spec file) a route belongs to.
 *
 * @example
 * ```ts
 * const api: ApiName = "faasgw";
 * ```
 */
export type ApiName = "domain" | "sentinel" | "faasgw" | "idp" | "connector";

/** Static facts about one route. */
export interface RouteInfo {
  readonly name: RouteName;
  readonly api: ApiName;
  /** HTTP method the route answers. */
  readonly method: "GET" | "POST";
  /** `operationId` of the operation in `specs/<api>.yaml`. */
  readonly operationId: string;
}

interface RouteDefinition extends RouteInfo {
  readonly pattern: RegExp;
  readonly keys: readonly string[];
}

const SEGMENT = "([^/]+)";

function define(
  name: RouteName,
  api: ApiName,
  method: "GET" | "POST",
  operationId: string,
  template: string,
): RouteDefinition {
  const keys: string[] = [];
  const source = template
    .split("/")
    .map((part) => {
      const match = /^\{(\w+)\}(.*)$/.exec(part);
      if (!match) {
        return part.replace(/[.]/g, "\\.");
      }
      keys.push(match[1] as string);
      return `${SEGMENT}${(match[2] ?? "").replace(/[.]/g, "\\.")}`;
    })
    .join("/");
  return { name, api, method, operationId, pattern: new RegExp(`^${source}/?$`), keys };
}

const ROUTES: readonly RouteDefinition[] = [
  define(
    "domain.list",
    "domain",
    "GET",
    "listServiceBaseUris",
    "/api/account/{accountId}/service/baseURI.json",
  ),
  define(
    "domain.single",
    "domain",
    "GET",
    "getServiceBaseUri",
    "/api/account/{accountId}/service/{serviceName}/baseURI.json",
  ),
  define(
    "sentinel.token.v1",
    "sentinel",
    "POST",
    "requestAppTokenV1",
    "/sentinel/api/account/{accountId}/app/token",
  ),
  define(
    "sentinel.token.v2",
    "sentinel",
    "POST",
    "requestAppTokenV2",
    "/sentinel/api/v2/account/{accountId}/app/token",
  ),
  define("sentinel.jwks", "sentinel", "GET", "getJwks", "/sentinel/well-known/jwks"),
  define(
    "faasgw.invoke",
    "faasgw",
    "POST",
    "invokeLambda",
    "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke",
  ),
  define(
    "faasgw.invokeEvent",
    "faasgw",
    "POST",
    "invokeEvent",
    "/api/account/{accountId}/events/{eventId}/invoke",
  ),
  define(
    "faasgw.isImplemented",
    "faasgw",
    "GET",
    "isEventImplemented",
    "/api/account/{accountId}/events/{eventId}/isImplemented",
  ),
  define("idp.consumerJws", "idp", "POST", "createConsumerJws", "/api/account/{accountId}/consumer"),
  define(
    "connector.conversation",
    "connector",
    "POST",
    "createConversation",
    "/api/account/{accountId}/messaging/consumer/conversation",
  ),
  define(
    "connector.send",
    "connector",
    "POST",
    "sendRequest",
    "/api/account/{accountId}/messaging/consumer/conversation/send",
  ),
];

/** Result of matching a path against the route table. */
export type RouteMatch =
  | { readonly kind: "route"; readonly route: RouteInfo; readonly params: Readonly<Record<string, string>> }
  | {
      readonly kind: "method-not-allowed";
      readonly route: RouteInfo;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: "none" };

/**
 * Finds the route for a method and path (without query). Path parameters are percent-decoded.
 *
 * @example
 * ```ts
 * matchRoute("GET", "/sentinel/well-known/jwks"); // { kind: "route", route: { name: "sentinel.jwks", … }, params: {} }
 * ```
 */
export function matchRoute(method: string, path: string): RouteMatch {
  let wrongMethod: RouteMatch | undefined;
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (!found) {
      continue;
    }
    const params: Record<string, string> = {};
    let decodable = true;
    route.keys.forEach((key, index) => {
      try {
        params[key] = decodeURIComponent(found[index + 1] ?? "");
      } catch {
        decodable = false;
      }
    });
    if (!decodable) {
      continue;
    }
    const { pattern: _pattern, keys: _keys, ...info } = route;
    if (route.method === method || (route.method === "GET" && method === "HEAD")) {
      return { kind: "route", route: info, params };
    }
    wrongMethod ??= { kind: "method-not-allowed", route: info, params };
  }
  return wrongMethod ?? { kind: "none" };
}

/**
 * Facts about a route by name.
 *
 * @example
 * ```ts
 * routeInfo("faasgw.invoke").operationId; // "invokeLambda"
 * ```
 */
export function routeInfo(name: RouteName): RouteInfo {
  const route = ROUTES.find((candidate) => candidate.name === name);
  if (!route) {
    throw new TypeError(`unknown route ${name}`);
  }
  const { pattern: _pattern, keys: _keys, ...info } = route;
  return info;
}
