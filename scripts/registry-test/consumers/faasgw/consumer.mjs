// Consumer of @lpkit/faasgw as installed from the registry: invoke the emulator's lambdas with a token.
import assert from "node:assert/strict";
import { createFaasClient, FunctionError } from "@lpkit/faasgw";

const {
  LPKIT_FAAS_HOST,
  LPKIT_ACCOUNT_ID,
  LPKIT_ACCESS_TOKEN,
  LPKIT_LAMBDA_UUID,
  LPKIT_FAILING_LAMBDA_UUID,
  LPKIT_EVENT_ID,
} = process.env;
const faas = createFaasClient({
  baseUrl: LPKIT_FAAS_HOST,
  accountId: LPKIT_ACCOUNT_ID,
  source: "registry-test",
  auth: async () => `Bearer ${LPKIT_ACCESS_TOKEN}`,
});

const { data, status, requestId } = await faas.invoke(
  LPKIT_LAMBDA_UUID,
  { hello: "registry" },
  { userId: "consumer" },
);
assert.equal(status, 200);
assert.deepEqual(data.echo, { hello: "registry" });
assert.ok(requestId.length > 0);
assert.equal(await faas.isImplemented(LPKIT_EVENT_ID), true);
await assert.rejects(faas.invoke(LPKIT_FAILING_LAMBDA_UUID, {}), (error) => error instanceof FunctionError);
console.log("consumer ok: @lpkit/faasgw");
