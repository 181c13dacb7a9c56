/**
 * Public types of `@lpkit/idp`. Wire shapes come straight from the generated `specs/idp.yaml`
 * types; only the package's own results are declared here.
 *
 * @module
 */
import type { Answer } from "@lpkit/core/internal";
import type { components, operations, paths } from "./generated/idp.js";

/**
 * The request body of `POST /api/account/{accountId}/consumer`, from the spec's `ConsumerJwsRequest`.
 *
 * @example
 * ```ts
 * const body: ConsumerJwsRequestBody = { ext_consumer_id: "whatsapp-4915112345678" };
 * ```
 */
export type ConsumerJwsRequestBody = components["schemas"]["ConsumerJwsRequest"];

/**
 * The IdP's 201 answer (`{ token }`), from the spec's `ConsumerJwsResponse`.
 *
 * @example
 * ```ts
 * const wire: ConsumerJwsResponse = { token: "eyJ…" };
 * ```
 */
export type ConsumerJwsResponse = components["schemas"]["ConsumerJwsResponse"];

/**
 * A ConsumerJWS's decoded payload (`account_id`, `ext_consumer_id`, `lp_consumer_id`), from the spec.
 *
 * @example
 * ```ts
 * const claims: ConsumerJwsClaims = decodeConsumerJws(jws).claims;
 * claims.lp_consumer_id; // 64 hex digits
 * ```
 */
export type ConsumerJwsClaims = components["schemas"]["ConsumerJwsClaims"];

/**
 * A ConsumerJWS's decoded JOSE header (`kid`, `typ`, `alg`), from the spec.
 *
 * @example
 * ```ts
 * const header: ConsumerJwsHeader = decodeConsumerJws(jws).header;
 * ```
 */
export type ConsumerJwsHeader = components["schemas"]["ConsumerJwsHeader"];

/**
 * A decoded (not verified) ConsumerJWS, from the spec's `ConsumerJws`.
 *
 * @example
 * ```ts
 * const { header, claims }: DecodedConsumerJws = decodeConsumerJws(jws);
 * ```
 */
export type DecodedConsumerJws = components["schemas"]["ConsumerJws"];

/**
 * The parameters of `createConsumerJws` (path `accountId`, query `v`, optional `X-Request-Id`).
 *
 * @example
 * ```ts
 * const params: CreateConsumerJwsParams = { path: { accountId: "12345678" }, query: { v: "1.0" } };
 * ```
 */
export type CreateConsumerJwsParams = operations["createConsumerJws"]["parameters"];

/** The spec's path template of `createConsumerJws`. */
export type CreateConsumerJwsPath = Extract<keyof paths, "/api/account/{accountId}/consumer">;

/**
 * Everything but the credential needed to send `createConsumerJws`, in the form openapi-fetch's
 * `client.POST(path, init)` takes, plus the `method`. The caller adds `Authorization: <raw AppJWT>`.
 *
 * @example
 * ```ts
 * const init: CreateConsumerJwsInit = createConsumerJwsInit({ accountId, extConsumerId });
 * ```
 */
export interface CreateConsumerJwsInit {
  readonly method: "POST";
  readonly path: CreateConsumerJwsPath;
  readonly params: CreateConsumerJwsParams;
  readonly headers: { readonly "content-type": "application/json" };
  readonly body: ConsumerJwsRequestBody;
}

/**
 * A ConsumerJWS as lpkit hands it out: the token (printed as `[REDACTED]` by `console.log`,
 * `util.inspect` and `JSON.stringify`) and its decoded parts.
 *
 * @example
 * ```ts
 * const jws: ConsumerJws = parseConsumerJwsAnswer(answer);
 * headers["x-lp-on-behalf"] = jws.token;
 * jws.claims.lp_consumer_id;
 * ```
 */
export interface ConsumerJws {
  /** The compact JWS to send as `X-LP-ON-BEHALF`. It never expires. */
  readonly token: string;
  readonly header: ConsumerJwsHeader;
  readonly claims: ConsumerJwsClaims;
}

/**
 * What `parseConsumerJwsAnswer` reads from an HTTP answer: the fields of the shared request layer's
 * `Answer` (`@lpkit/core/internal`) it needs. An `Answer` fits as it is; so does
 * `{ status, text: await response.text(), headers: response.headers }` from a `fetch` of your own.
 *
 * @example
 * ```ts
 * const answer: IdpAnswer = { status: 201, text: '{"token":"eyJ…"}', headers: new Headers() };
 * ```
 */
export type IdpAnswer = Pick<Answer, "status"> &
  Partial<Pick<Answer, "tooLarge" | "headers" | "requestId">> & {
    /** The body; `undefined` (or `tooLarge: true`) when it was larger than the bound the caller read. */
    readonly text: string | undefined;
  };
