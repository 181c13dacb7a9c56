// Consumer of @lpkit/auth as installed from the registry: the whole flow against the emulator —
// Domain API discovery, a managed Sentinel token, a faasGW invocation.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createLivePersonFunctions } from "@lpkit/auth";

const {
  LPKIT_DOMAIN_URL,
  LPKIT_ACCOUNT_ID,
  LPKIT_CLIENT_ID,
  LPKIT_CLIENT_SECRET,
  LPKIT_LAMBDA_UUID,
  LPKIT_FAILING_LAMBDA_UUID,
  LPKIT_EVENT_ID,
} = process.env;
const lp = createLivePersonFunctions({
  accountId: LPKIT_ACCOUNT_ID,
  clientId: LPKIT_CLIENT_ID,
  clientSecret: LPKIT_CLIENT_SECRET,
  version: "v2",
  domainApi: { baseUrl: LPKIT_DOMAIN_URL },
  faas: { source: "registry-test" },
});
try {
  const first = await lp.invoke(LPKIT_LAMBDA_UUID, { hello: "registry" });
  assert.equal(first.status, 200);
  assert.deepEqual(first.data.echo, { hello: "registry" });
  const second = await lp.invokeEvent(LPKIT_EVENT_ID, { again: true });
  assert.equal(second.status, 200);
  assert.equal(await lp.isImplemented(LPKIT_EVENT_ID), true);
  await assert.rejects(
    lp.invoke(LPKIT_FAILING_LAMBDA_UUID, {}),
    (error) => error.code === "ERR_FAAS_FUNCTION",
  );
  const token = await lp.tokenManager.getToken();
  assert.doesNotMatch(inspect(lp) + inspect(token) + JSON.stringify(token), new RegExp(LPKIT_CLIENT_SECRET));
} finally {
  lp.dispose();
}
console.log("consumer ok: @lpkit/auth");
