// Consumer of @lpkit/emulator as installed from the registry: start it, call each API, stop it; and
// the `lpkit-emulator` command it installs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createEmulator, DEMO } from "@lpkit/emulator";

const emulator = createEmulator({ demo: true });
await emulator.start();
try {
  const base = emulator.url;
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  const domain = await fetch(
    `${base}/api/account/${DEMO.accountId}/service/sentinel/baseURI.json?version=1.0`,
  );
  assert.equal(domain.status, 200);
  const jwks = await fetch(`${base}/sentinel/well-known/jwks`);
  assert.equal(jwks.status, 200);
  assert.ok((await jwks.json()).keys.length > 0);
  const token = await emulator.mintToken({ accountId: DEMO.accountId });
  const invoked = await fetch(`${base}/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ timestamp: 0, headers: [], payload: { hello: "registry" } }),
  });
  assert.equal(invoked.status, 200, await invoked.clone().text());
} finally {
  await emulator.stop();
}
const bin = "node_modules/.bin/lpkit-emulator";
assert.ok(existsSync(bin), "the lpkit-emulator command is installed");
execFileSync(process.execPath, [bin, "--help"], { stdio: "pipe" });
console.log("consumer ok: @lpkit/emulator");
