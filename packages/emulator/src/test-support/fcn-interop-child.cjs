/**
 * Child process of the interop test: runs LivePerson's official Node client
 * (liveperson-functions-client@2.2.0) against the emulator. The client hard-codes
 * http://adminlogin.liveperson.net for the Domain API and https:// for Sentinel and faasGW, so
 * this process (only this one) resolves adminlogin.liveperson.net and fninvocations.localhost to
 * the emulator's loopback address and refuses every other name: nothing can leave the machine.
 * The emulator's CA is trusted through NODE_EXTRA_CA_CERTS, set by the parent.
 */
const dns = require("node:dns");

const target = process.env.EMULATOR_IP;
if (!target || !/^127\.\d+\.\d+\.\d+$/.test(target)) {
  throw new Error("EMULATOR_IP must be a loopback address");
}
const routed = new Set(["adminlogin.liveperson.net", "fninvocations.localhost"]);
const lookups = [];
dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options !== null && options.all === true;
  lookups.push(hostname);
  if (!routed.has(hostname)) {
    const error = Object.assign(
      new Error(`getaddrinfo ENOTFOUND ${hostname} (blocked by the interop test)`),
      {
        code: "ENOTFOUND",
        hostname,
      },
    );
    process.nextTick(done, error);
    return;
  }
  if (all) {
    process.nextTick(done, null, [{ address: target, family: 4 }]);
  } else {
    process.nextTick(done, null, target, 4);
  }
};

const { Client } = require("liveperson-functions-client");

async function main() {
  const config = JSON.parse(process.env.INTEROP_CONFIG);
  const v1 = new Client({
    accountId: config.v1.accountId,
    authStrategy: { clientId: config.v1.clientId, clientSecret: config.v1.clientSecret },
  });
  const v2 = new Client({
    accountId: config.v2.accountId,
    authStrategy: { clientId: config.v2.clientId, clientSecret: config.v2.clientSecret },
  });
  const strict = new Client({
    accountId: config.v1.accountId,
    authStrategy: { clientId: config.v1.clientId, clientSecret: config.v1.clientSecret },
    failOnErrorStatusCode: true,
  });
  const pick = (response) => ({ ok: response.ok, status: response.status, body: response.body });
  const result = {};
  result.v1Invoke = pick(
    await v1.invoke({
      lambdaUuid: config.lambdaUuid,
      externalSystem: "interop-test",
      body: { headers: [{ key: "x-test", value: "1" }], payload: { from: "official client" } },
    }),
  );
  result.v1Event = pick(
    await v1.invoke({
      eventId: config.eventId,
      externalSystem: "interop-test",
      body: { headers: [], payload: 42 },
    }),
  );
  result.v1IsImplemented = await v1.isImplemented({
    eventId: config.eventId,
    externalSystem: "interop-test",
  });
  result.v1Failing = pick(
    await v1.invoke({
      lambdaUuid: config.failingLambdaUuid,
      externalSystem: "interop-test",
      body: { headers: [], payload: {} },
    }),
  );
  try {
    await strict.invoke({ lambdaUuid: config.failingLambdaUuid, body: { headers: [], payload: {} } });
    result.strictFailing = "no error";
  } catch (error) {
    result.strictFailing = error.name;
  }
  result.v2Invoke = pick(
    await v2.invoke({
      lambdaUuid: config.lambdaUuid,
      lpEventSource: "interop-test",
      body: { headers: [], payload: "v2" },
    }),
  );
  result.v2IsImplemented = await v2.isImplemented({ eventId: "nothing_registered" });
  result.lookups = [...new Set(lookups)];
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
