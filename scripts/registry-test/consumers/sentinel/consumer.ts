// Consumer of @lpkit/sentinel, type-checked (never run) under nodenext and bundler resolution.
import {
  createSentinelClient,
  type DecodedAppJwt,
  decodeAppJwt,
  type JsonWebKeySetResponse,
  type SentinelClient,
  type SentinelToken,
  type SentinelTokenRequest,
} from "@lpkit/sentinel";

const sentinel: SentinelClient = createSentinelClient({ baseUrl: "va.sentinel.liveperson.net" });

export async function token(request: SentinelTokenRequest): Promise<string> {
  const result: SentinelToken = await sentinel.requestToken(request);
  const jwks: JsonWebKeySetResponse = await sentinel.getJwks();
  const decoded: DecodedAppJwt = decodeAppJwt(result.accessToken);
  return `${result.tokenType} ${result.accessToken} ${decoded.header.kid ?? ""} ${jwks.keys.length}`;
}

const version = "v3";
// @ts-expect-error the API version is "v1" or "v2"
export const wrong: SentinelTokenRequest["version"] = version;
