// Consumer of @lpkit/domain as installed from the registry: look hosts up on the emulator's Domain API.
import assert from "node:assert/strict";
import { createDomainClient, findServiceHost } from "@lpkit/domain";

const { LPKIT_DOMAIN_URL, LPKIT_ACCOUNT_ID, LPKIT_SENTINEL_HOST, LPKIT_FAAS_HOST } = process.env;
const domain = createDomainClient({ baseUrl: LPKIT_DOMAIN_URL, timeoutMs: 5_000 });

assert.equal(await domain.getServiceHost(LPKIT_ACCOUNT_ID, "sentinel"), LPKIT_SENTINEL_HOST);
const entries = await domain.listServices(LPKIT_ACCOUNT_ID);
// The host policy judges hosts against the Domain API they came from: pass the client that listed them.
assert.equal(findServiceHost(entries, LPKIT_ACCOUNT_ID, "faasGW", domain), LPKIT_FAAS_HOST);
await assert.rejects(
  domain.getServiceHost("not an account!", "sentinel"),
  (error) => error.code === "ERR_INVALID_ARGUMENT",
);
console.log("consumer ok: @lpkit/domain");
