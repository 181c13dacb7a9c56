// Consumer of @lpkit/idp as installed from the registry: the request, the documented answer, refusals.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  assertRawAppJwt,
  createConsumerJwsInit,
  decodeConsumerJws,
  parseConsumerJwsAnswer,
} from "@lpkit/idp";

const token =
  "eyJraWQiOiJhcHBqd3QtMTMtMDUtMTciLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50X2lkIjoibGUzMTQ1Nzc4MCIsImV4dF9jb25zdW1lcl9pZCI6InJhbmRvbV9pZDAuMTczMDc3OTY4NzUiLCJscF9jb25zdW1lcl9pZCI6IjI5Y2FmMGMxMTQ4Njk5NmQ5Mzg3ZTNhNDRlYzM0MjI5ZDEyNzMwNGRiNDk2NmQ3NzUyNzE2YmNlYjUzOGZhMjQifQ.TAJgP31rmpHvGKqb_yLP9yzVi_7tu7YoRfoqQ3RfuXGwR_AOV7DWL5Njy1m2YpC5kd9L_oRmytjFwfckwyuFJewwPGYxeZAY1q1jR5tPdb0nsvRyrMdKzO1_AFWUJtD013H9fjyjxHvxwV_Q2xe6Xp00J0T_-I6d6BkUpUFSPww";

const init = createConsumerJwsInit({ accountId: "le31457780", extConsumerId: "user-42" });
assert.deepEqual(init.params, { path: { accountId: "le31457780" }, query: { v: "1.0" } });
assert.deepEqual(init.body, { ext_consumer_id: "user-42" });
assert.throws(
  () => assertRawAppJwt(`Bearer ${token}`),
  (error) => error.code === "ERR_INVALID_ARGUMENT",
);

const jws = parseConsumerJwsAnswer({ status: 201, text: JSON.stringify({ token }) });
assert.equal(jws.token, token);
assert.equal(jws.claims.account_id, "le31457780");
assert.doesNotMatch(inspect(jws) + JSON.stringify(jws), new RegExp(token.slice(-20)));
assert.equal(decodeConsumerJws(token).claims.lp_consumer_id.length, 64);
assert.throws(
  () => parseConsumerJwsAnswer({ status: 500, text: '{"internalErrorCode":"9007"}' }),
  (error) => error.code === "ERR_CONSUMER_JWS_REQUEST" && error.internalErrorCode === "9007",
);
console.log("consumer ok: @lpkit/idp");
