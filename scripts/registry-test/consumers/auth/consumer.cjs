// Consumer of @lpkit/auth from CommonJS (require of an ES module, Node >= 20.19): the five-line flow —
// Domain API discovery, a managed Sentinel token, a faasGW invocation — against the emulator.
const assert = require("node:assert/strict");
const { createLivePersonFunctions } = require("@lpkit/auth");

const { LPKIT_DOMAIN_URL, LPKIT_ACCOUNT_ID, LPKIT_CLIENT_ID, LPKIT_CLIENT_SECRET, LPKIT_LAMBDA_UUID } =
  process.env;

async function main() {
  const lp = createLivePersonFunctions({
    accountId: LPKIT_ACCOUNT_ID,
    clientId: LPKIT_CLIENT_ID,
    clientSecret: LPKIT_CLIENT_SECRET,
    domainApi: { baseUrl: LPKIT_DOMAIN_URL },
  });
  try {
    const { status, data } = await lp.invoke(LPKIT_LAMBDA_UUID, { from: "require" });
    assert.equal(status, 200);
    assert.deepEqual(data.echo, { from: "require" });
    // A bad argument is refused before any request, with the typed error's stable code.
    await assert.rejects(lp.invoke("not-a-uuid", {}), (error) => error.code === "ERR_INVALID_ARGUMENT");
  } finally {
    lp.dispose();
  }
  console.log("consumer ok (CommonJS): @lpkit/auth");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
