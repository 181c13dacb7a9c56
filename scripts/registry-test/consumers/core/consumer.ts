// Consumer of @lpkit/core, type-checked (never run) under nodenext and bundler resolution.
import {
  type AnyLpkitError,
  InvalidArgumentError,
  isLpkitError,
  type LpkitErrorCode,
  TimeoutError,
  type Transport,
} from "@lpkit/core";
import { assertAccountId, toBaseUrl } from "@lpkit/core/internal";

const accountId: string = assertAccountId("12345678");
const base: string = toBaseUrl("va.example.net");
const counting: Transport = {
  send: async () => ({ status: 204, statusText: "", headers: new Headers(), body: "" }),
};

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

export { accountId, argument, base, counting, describe, timeoutCode, typo };
