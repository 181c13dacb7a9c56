// Consumer of @lpkit/core as installed from the registry: ESM import of the main entry (errors, the
// transport seam) and of the documented `@lpkit/core/internal` subpath (plumbing, no semver promise), run.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  fetchTransport,
  InvalidArgumentError,
  isLpkitError,
  LpkitError,
  REDACTED,
  TimeoutError,
} from "@lpkit/core";
import {
  assertAccountId,
  hideSecrets,
  parseRetryAfter,
  redact,
  redactSnippet,
  toBaseUrl,
} from "@lpkit/core/internal";

assert.equal(assertAccountId("12345678"), "12345678");
assert.throws(
  () => assertAccountId("not an id!"),
  (error) =>
    error instanceof InvalidArgumentError &&
    error instanceof LpkitError &&
    error.code === "ERR_INVALID_ARGUMENT",
);
assert.equal(isLpkitError(new InvalidArgumentError("x", "bad")), true);
assert.equal(new TimeoutError("x", 5).name, "TimeoutError");
assert.equal(typeof fetchTransport().send, "function");
assert.equal(toBaseUrl("va.example.net"), "https://va.example.net");
assert.equal(parseRetryAfter("3", 0), 3000);
assert.equal(redact("token abc123 here", ["abc123"]), `token ${REDACTED} here`);
// Redacted before it is cut: no fragment of a secret that straddles the cut survives.
const secret = "s3cr3t-0123456789-abcdef";
assert.doesNotMatch(redactSnippet(`echo: ${secret}`, [secret], 14), /s3cr3t|0123/);
const holder = hideSecrets({ id: "app", secret: "s3cr3t" }, ["secret"]);
assert.doesNotMatch(JSON.stringify(holder) + inspect(holder), /s3cr3t/);
console.log("consumer ok: @lpkit/core");
