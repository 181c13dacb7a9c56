// Consumer of @lpkit/node-transport as installed from the registry: the Domain API lookup and two
// invokes (one answering faasGW's 901) sent through the transport itself, over HTTPS to the emulator.
import assert from "node:assert/strict";
import { nodeTransport } from "@lpkit/node-transport";

const {
  LPKIT_DOMAIN_URL,
  LPKIT_FAAS_HOST,
  LPKIT_ACCOUNT_ID,
  LPKIT_ACCESS_TOKEN,
  LPKIT_LAMBDA_UUID,
  LPKIT_FAILING_LAMBDA_UUID,
} = process.env;
const transport = nodeTransport({ connections: 4 });
const send = (method, url, headers = {}, body = undefined) =>
  transport.send({ method, url, headers, body, signal: AbortSignal.timeout(30_000), maxBodyBytes: 1 << 20 });

const list = await send(
  "GET",
  `${LPKIT_DOMAIN_URL}/api/account/${LPKIT_ACCOUNT_ID}/service/baseURI.json?version=1.0`,
  {
    accept: "application/json",
  },
);
assert.equal(list.status, 200);
assert.ok(JSON.parse(list.body).baseURIs.some((entry) => entry.service === "faasGW"));

const invoke = (lambda) =>
  send(
    "POST",
    `https://${LPKIT_FAAS_HOST}/api/account/${LPKIT_ACCOUNT_ID}/lambdas/${lambda}/invoke?v=1&externalSystem=registry-test`,
    {
      authorization: `Bearer ${LPKIT_ACCESS_TOKEN}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    JSON.stringify({ timestamp: Date.now(), headers: [], payload: { hello: "registry" } }),
  );
const ok = await invoke(LPKIT_LAMBDA_UUID);
assert.equal(ok.status, 200);
assert.deepEqual(JSON.parse(ok.body).echo, { hello: "registry" });
assert.equal((await invoke(LPKIT_FAILING_LAMBDA_UUID)).status, 901);
await transport.close();
console.log("consumer ok: @lpkit/node-transport");
