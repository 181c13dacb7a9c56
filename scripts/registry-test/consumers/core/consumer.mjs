// Consumer of @lpkit/core as installed from the registry: ESM import, run.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  assertAccountId,
  hideSecrets,
  InvalidArgumentError,
  isLpkitError,
  LpkitError,
  parseRetryAfter,
  REDACTED,
  redact,
  toBaseUrl,
} from "@lpkit/core";

assert.equal(assertAccountId("12345678"), "12345678");
assert.throws(
  () => assertAccountId("not an id!"),
  (error) =>
    error instanceof InvalidArgumentError &&
    error instanceof LpkitError &&
    error.code === "ERR_INVALID_ARGUMENT",
);
assert.equal(isLpkitError(new InvalidArgumentError("x", "bad")), true);
assert.equal(toBaseUrl("va.example.net"), "https://va.example.net");
assert.equal(parseRetryAfter("3", 0), 3000);
assert.equal(redact("token abc123 here", ["abc123"]), `token ${REDACTED} here`);
const holder = hideSecrets({ id: "app", secret: "s3cr3t" }, ["secret"]);
assert.doesNotMatch(JSON.stringify(holder) + inspect(holder), /s3cr3t/);
console.log("consumer ok: @lpkit/core");
