import type { FetchLike, Now } from "@lpkit/core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "./generated/sentinel.js";
import {
  type AppJwtClaims,
  type AppJwtHeader,
  createSentinelClient,
  type DecodedAppJwt,
  decodeAppJwt,
  type JsonWebKeySetResponse,
  type Jwk,
  type SentinelClient,
  type SentinelClientOptions,
  type SentinelToken,
  type SentinelTokenRequest,
  type V1Query,
} from "./index.js";

describe("public types", () => {
  it("createSentinelClient takes the agreed options and returns a SentinelClient", () => {
    expectTypeOf(createSentinelClient).parameter(0).toEqualTypeOf<SentinelClientOptions>();
    expectTypeOf(createSentinelClient).returns.toEqualTypeOf<SentinelClient>();
    expectTypeOf<SentinelClientOptions["baseUrl"]>().toEqualTypeOf<string>();
    expectTypeOf<SentinelClientOptions["fetch"]>().toEqualTypeOf<FetchLike | undefined>();
    expectTypeOf<SentinelClientOptions["now"]>().toEqualTypeOf<Now | undefined>();
    expectTypeOf<SentinelClientOptions["timeoutMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SentinelClientOptions["headers"]>().toEqualTypeOf<HeadersInit | undefined>();
    expectTypeOf<SentinelClientOptions["allowInsecureHttp"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("the client exposes raw, baseUrl, requestToken and getJwks", () => {
    expectTypeOf<SentinelClient["raw"]>().toEqualTypeOf<Client<paths>>();
    expectTypeOf<SentinelClient["baseUrl"]>().toEqualTypeOf<string>();
    expectTypeOf<SentinelClient["requestToken"]>().parameter(0).toEqualTypeOf<SentinelTokenRequest>();
    expectTypeOf<SentinelClient["requestToken"]>().returns.toEqualTypeOf<Promise<SentinelToken>>();
    expectTypeOf<SentinelClient["getJwks"]>().returns.toEqualTypeOf<Promise<JsonWebKeySetResponse>>();
    expectTypeOf<SentinelClient["getJwks"]>()
      .parameter(0)
      .toEqualTypeOf<{ signal?: AbortSignal | undefined } | undefined>();
  });

  it("the token request is exactly the agreed one", () => {
    expectTypeOf<SentinelTokenRequest>().toEqualTypeOf<{
      accountId: string;
      clientId: string;
      clientSecret: string;
      version: "v1" | "v2";
      v1Query?: "1.0" | "2.0" | undefined;
      signal?: AbortSignal | undefined;
    }>();
    expectTypeOf<V1Query>().toEqualTypeOf<"1.0" | "2.0">();
  });

  it("the token carries typed claims and header from the generated components", () => {
    expectTypeOf<SentinelToken>().toEqualTypeOf<{
      accessToken: string;
      tokenType: string;
      expiresAt: number;
      expiresIn: number | undefined;
      issuedAt: number;
      claims: AppJwtClaims;
      header: AppJwtHeader;
    }>();
    expectTypeOf<AppJwtClaims>().toEqualTypeOf<components["schemas"]["AppJwtClaims"]>();
    expectTypeOf<AppJwtHeader>().toEqualTypeOf<components["schemas"]["AppJwtHeader"]>();
    expectTypeOf<AppJwtClaims["aud"]>().toEqualTypeOf<string | string[] | undefined>();
    expectTypeOf<AppJwtClaims["exp"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AppJwtClaims["azp"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AppJwtClaims["custom"]>().toEqualTypeOf<unknown>();
    expectTypeOf<AppJwtHeader["alg"]>().toEqualTypeOf<string>();
    expectTypeOf<AppJwtHeader["kid"]>().toEqualTypeOf<string | undefined>();
  });

  it("decodeAppJwt and the JWKS use the generated shapes", () => {
    expectTypeOf(decodeAppJwt).returns.toEqualTypeOf<DecodedAppJwt>();
    expectTypeOf(decodeAppJwt).returns.toEqualTypeOf<{ header: AppJwtHeader; claims: AppJwtClaims }>();
    expectTypeOf<JsonWebKeySetResponse["keys"]>().toEqualTypeOf<Jwk[]>();
    expectTypeOf<Jwk["kty"]>().toEqualTypeOf<string>();
    expectTypeOf<Jwk["kid"]>().toEqualTypeOf<string | undefined>();
  });

  it("the raw client types the form body and the v query from the spec", () => {
    type V1Post = paths["/sentinel/api/account/{accountId}/app/token"]["post"];
    expectTypeOf<V1Post["requestBody"]["content"]["application/x-www-form-urlencoded"]>().toEqualTypeOf<{
      client_id: string;
      client_secret: string;
      grant_type: "client_credentials";
      scope?: string;
    }>();
    expectTypeOf<V1Post["parameters"]["query"]["v"]>().toEqualTypeOf<"1.0" | "2.0">();
  });
});
