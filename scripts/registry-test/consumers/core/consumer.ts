// Consumer of @lpkit/core, type-checked (never run) under nodenext and bundler resolution.
import {
  type AnyLpkitError,
  assertAccountId,
  InvalidArgumentError,
  isLpkitError,
  type LpkitErrorCode,
  TimeoutError,
  toBaseUrl,
} from "@lpkit/core";

const accountId: string = assertAccountId("12345678");
const base: string = toBaseUrl("va.example.net");

function describe(error: unknown): string {
  if (isLpkitError(error)) {
    const narrowed: AnyLpkitError = error;
    const code: LpkitErrorCode = narrowed.code;
    return code;
  }
  return "unknown";
}

const invalid = new InvalidArgumentError("accountId", "bad");
const argument: string = invalid.argument;
const timeoutCode: "ERR_TIMEOUT" = new TimeoutError("x", 1).code;
// @ts-expect-error codes are a closed union: a typo does not compile
const typo: LpkitErrorCode = "ERR_NOT_A_CODE";

export { accountId, argument, base, describe, timeoutCode, typo };
