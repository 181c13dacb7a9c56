// Consumer of @lpkit/idp, type-checked (never run) under nodenext and bundler resolution.
import {
  type ConsumerJws,
  type ConsumerJwsClaims,
  type CreateConsumerJwsInit,
  createConsumerJwsInit,
  type IdpAnswer,
  parseConsumerJwsAnswer,
} from "@lpkit/idp";

export function build(accountId: string, userId: string): CreateConsumerJwsInit {
  return createConsumerJwsInit({ accountId, extConsumerId: userId });
}

export function read(answer: IdpAnswer): string {
  const jws: ConsumerJws = parseConsumerJwsAnswer(answer);
  const claims: ConsumerJwsClaims = jws.claims;
  return `${claims.lp_consumer_id} ${jws.token.length}`;
}

// @ts-expect-error the init carries no credential
export const noToken: string = build("1", "u").headers.authorization;
