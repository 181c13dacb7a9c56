// Consumer of @lpkit/sentinel as installed from the registry: a v2 token and the JWKS from the emulator.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createSentinelClient, decodeAppJwt } from "@lpkit/sentinel";

const { LPKIT_SENTINEL_HOST, LPKIT_ACCOUNT_ID, LPKIT_CLIENT_ID, LPKIT_CLIENT_SECRET } = process.env;
const sentinel = createSentinelClient({ baseUrl: LPKIT_SENTINEL_HOST, timeoutMs: 5_000 });

const token = await sentinel.requestToken({
  accountId: LPKIT_ACCOUNT_ID,
  clientId: LPKIT_CLIENT_ID,
  clientSecret: LPKIT_CLIENT_SECRET,
  version: "v2",
});
assert.equal(token.tokenType.toLowerCase(), "bearer");
assert.ok(token.expiresAt > Date.now());
assert.doesNotMatch(inspect(token) + JSON.stringify(token), new RegExp(token.accessToken.slice(-20)));
const { keys } = await sentinel.getJwks();
const kid = decodeAppJwt(token.accessToken).header.kid;
assert.ok(
  keys.some((key) => key.kid === kid),
  "the token's key is in the JWKS",
);
await assert.rejects(
  sentinel.requestToken({
    accountId: LPKIT_ACCOUNT_ID,
    clientId: LPKIT_CLIENT_ID,
    clientSecret: "wrong",
    version: "v2",
  }),
  (error) => error.code === "ERR_TOKEN_REQUEST" && !inspect(error).includes("wrong"),
);
console.log("consumer ok: @lpkit/sentinel");
