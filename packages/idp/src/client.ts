/**
 * `createIdpClient`: the typed IdP client. The request is built from the generated `paths` of
 * `specs/idp.yaml` (`createConsumerJwsInit`), every attempt is one core `authorizedExchange` (the
 * raw AppJWT in `Authorization`, a 401 answered by one replay with a new one, redirects never
 * followed, bounded body), and the answer is read by `parseConsumerJwsAnswer` under the IdP's retry
 * rule on core's loop.
 *
 * @module
 */
import {
  authorizedExchange,
  callSignal,
  describeAs,
  newRequestId,
  operationUrl,
  optionalDuration,
  withRetry,
} from "@lpkit/core/internal";
import { resolveIdpOptions } from "./client-options.js";
import type { IdpClient, IdpClientOptions } from "./client-types.js";
import { parseConsumerJwsAnswer } from "./consumer-jws-answer.js";
import { createConsumerJwsInit } from "./consumer-jws-request.js";
import type { paths } from "./generated/idp.js";
import { idpRetryDelay } from "./retry.js";
import type { ConsumerJws, CreateConsumerJwsPath } from "./types.js";

export { IDP_DEFAULT_MAX_RESPONSE_BYTES, IDP_DEFAULT_TIMEOUT_MS } from "./client-options.js";

/**
 * Creates the IdP client of one account. Bad options throw `InvalidArgumentError` here; a bad
 * consumer id throws it before any request.
 *
 * @example
 * ```ts
 * import { createIdpClient } from "@lpkit/idp";
 *
 * const idp = createIdpClient({ baseUrl: "va.idp.liveperson.net", accountId: "12345678", auth: appJwt });
 * const jws = await idp.createConsumerJws("whatsapp-4915112345678");
 * jws.claims.lp_consumer_id; // LivePerson's id of the consumer
 * ```
 */
export function createIdpClient(options: IdpClientOptions): IdpClient {
  const settings = resolveIdpOptions(options);
  const { baseUrl, accountId, policy } = settings;

  const createConsumerJws = async (
    extConsumerId: string,
    callOptions?: Parameters<IdpClient["createConsumerJws"]>[1],
  ): Promise<ConsumerJws> => {
    const init = createConsumerJwsInit({ accountId, extConsumerId });
    const signal = callSignal(callOptions);
    const timeoutMs = optionalDuration(callOptions?.timeoutMs, "timeoutMs", settings.timeoutMs);
    const url = operationUrl<paths, "post", CreateConsumerJwsPath>(baseUrl, init.path, init.params);
    const body = JSON.stringify(init.body);
    const requestId = newRequestId();
    const what = `IdP ConsumerJWS request for account ${accountId}`;
    return withRetry(
      async () => {
        const request = {
          method: init.method,
          url,
          headers: { ...settings.postHeaders, "x-request-id": requestId },
          body,
        };
        const { answer } = await authorizedExchange(request, {
          auth: settings.auth,
          header: "authorization",
          transport: settings.transport,
          timeoutMs,
          signal,
          maxBodyBytes: settings.maxResponseBytes,
          what,
        });
        return parseConsumerJwsAnswer(answer, { now: settings.now, requestUrl: url });
      },
      {
        maxRetries: policy.maxRetries,
        delayFor: (error, retriesSoFar) => idpRetryDelay(error, retriesSoFar, policy),
        sleep: settings.sleep,
        signal,
      },
    );
  };

  const client: IdpClient = { raw: settings.raw, accountId, createConsumerJws };
  return describeAs(client, () => ({ kind: "IdpClient", baseUrl, accountId }));
}
