/**
 * Test support: checks with `jose` that every token an emulator issued (as seen by the
 * conformance recorder) verifies — V2 tokens against the JWKS the emulator published, V1 tokens
 * against its static V1 public key — with RS256, `iss: Sentinel` and `aud` = the account.
 *
 * @module
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importSPKI, type JWK, jwtVerify } from "jose";
import type { Emulator } from "../emulator.js";
import type { ConformanceRecorder } from "./conformance.js";

/** Verifies every issued token; returns how many were verified. Throws on the first failure. */
export async function verifyIssuedTokens(emulator: Emulator, recorder: ConformanceRecorder): Promise<number> {
  const published = new Map<string, JWK>();
  for (const key of emulator.jwks().keys) {
    published.set(key.kid, key);
  }
  for (const exchange of recorder.exchanges) {
    if (exchange.route === "sentinel.jwks" && exchange.response?.status === 200 && !exchange.fault) {
      for (const key of (JSON.parse(exchange.response.body) as { keys: JWK[] }).keys) {
        if (key.kid) {
          published.set(key.kid, key);
        }
      }
    }
  }
  const v1Key = await importSPKI(emulator.v1PublicKey, "RS256");
  const jwks = createLocalJWKSet({ keys: [...published.values()] });
  let verified = 0;
  for (const exchange of recorder.exchanges) {
    const isToken = exchange.route === "sentinel.token.v1" || exchange.route === "sentinel.token.v2";
    if (!isToken || exchange.response?.status !== 200 || exchange.fault) {
      continue;
    }
    const token = (JSON.parse(exchange.response.body) as { access_token: string }).access_token;
    const accountId = /\/account\/([^/]+)\//.exec(exchange.request.path)?.[1] as string;
    const { kid } = decodeProtectedHeader(token);
    const { iat } = decodeJwt(token);
    const options = {
      algorithms: ["RS256"],
      issuer: "Sentinel",
      audience: accountId,
      currentDate: new Date((iat as number) * 1000),
    };
    if (kid === emulator.v1PublicJwk.kid) {
      await jwtVerify(token, v1Key, options);
    } else {
      await jwtVerify(token, jwks, options);
    }
    verified += 1;
  }
  return verified;
}
