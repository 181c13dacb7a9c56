/**
 * Step 6: two failures side by side. A function that throws comes back as a typed `FunctionError`
 * (faasGW's status 901: the function ran and failed — not retried); an unknown lambda as a
 * `GatewayError` (the gateway refused before any function ran). Live, only the gateway error is
 * shown: making a real function fail is up to you.
 *
 * @module
 */
import { type FunctionLogEntry, isLpkitError } from "@lpkit/core";
import { redact } from "@lpkit/core/internal";
import { FunctionError, GatewayError } from "@lpkit/faasgw";
import { plural, table } from "../output/format.js";
import { UNKNOWN_LAMBDA_UUID } from "../session/target.js";
import { timed } from "./invoke-timed.js";
import { type DemoContext, type DemoStep, EMULATOR_ONLY } from "./types.js";

async function failure(context: DemoContext, lambdaUuid: string): Promise<unknown> {
  const { lp, state, target } = context;
  state.expectedFailures += 1;
  try {
    await timed(state.invocationMs, () =>
      lp.invoke(
        lambdaUuid,
        { greeting: "this call is meant to fail" },
        target.userId ? { userId: target.userId } : undefined,
      ),
    );
    return undefined;
  } catch (error) {
    return error;
  }
}

function logText(logs: readonly FunctionLogEntry[]): string {
  if (logs.length === 0) {
    return "(none returned)";
  }
  const [first] = logs;
  return `${logs.length}: [${first?.level ?? "?"}] ${first?.message ?? ""}`;
}

function column(error: unknown): string[] {
  if (error === undefined) {
    return ["(the call succeeded)", "", "", "", "", ""];
  }
  if (error instanceof FunctionError || error instanceof GatewayError) {
    return [
      error.name,
      error.code,
      String(error.status),
      error.errorCode ?? "(none)",
      error.errorMessage ?? "(none)",
      logText(error.logs),
    ];
  }
  const other = summary(error);
  return [
    String(other.name),
    String(other.code ?? ""),
    String(other.status ?? ""),
    "",
    String(other.message ?? ""),
    "",
  ];
}

function summary(error: unknown): Record<string, unknown> {
  if (!isLpkitError(error)) {
    return error instanceof Error
      ? { name: error.name, message: redact(error.message) }
      : { name: typeof error };
  }
  const fields = error as unknown as Record<string, unknown>;
  return {
    name: error.name,
    code: error.code,
    status: fields.status,
    errorCode: fields.errorCode,
    errorMessage: fields.errorMessage,
    logs: fields.logs,
    message: error.message,
  };
}

/**
 * Shows a function error (901) next to a gateway error.
 *
 * @example
 * ```ts
 * await typedErrorsStep.run(context, recorder);
 * ```
 */
export const typedErrorsStep: DemoStep = {
  id: "typed-errors",
  title: "A failing function (901) next to a gateway error: two typed errors",
  essential: false,
  async run(context, out) {
    const { target } = context;
    const emulatorTarget = target.emulator;
    const failingUuid = emulatorTarget?.failingLambdaUuid;
    const executionsBefore = failingUuid
      ? (emulatorTarget.emulator.stats().executions.byLambda[failingUuid] ?? 0)
      : 0;
    const functionError = failingUuid ? await failure(context, failingUuid) : undefined;
    const gatewayError = await failure(context, UNKNOWN_LAMBDA_UUID);

    const rows: string[][] = [];
    const labels = ["class", "code", "HTTP status", "errorCode", "errorMessage", "logs"];
    const gateway = column(gatewayError);
    if (failingUuid) {
      rows.push(["", "function error", "gateway error"]);
      const fn = column(functionError);
      labels.forEach((label, i) => {
        rows.push([label, fn[i] ?? "", gateway[i] ?? ""]);
      });
      out.say(`lambda ${failingUuid} throws · lambda ${UNKNOWN_LAMBDA_UUID} does not exist`);
    } else {
      rows.push(["", "gateway error"]);
      labels.forEach((label, i) => {
        rows.push([label, gateway[i] ?? ""]);
      });
      out.say(
        `lambda ${UNKNOWN_LAMBDA_UUID} does not exist · the function error (901) is ${EMULATOR_ONLY}: it needs a function that fails`,
      );
    }
    out.say(...table(rows).map((line) => `  ${line}`));

    out.detail("functionError", failingUuid ? summary(functionError) : { skipped: EMULATOR_ONLY });
    out.detail("gatewayError", summary(gatewayError));

    if (failingUuid && emulatorTarget) {
      const executions =
        (emulatorTarget.emulator.stats().executions.byLambda[failingUuid] ?? 0) - executionsBefore;
      out.say(
        `the failing function ran ${plural(executions, "time")}: a 901 is not retried, the function already ran`,
      );
      out.check(
        "the failing function gave a FunctionError with status 901",
        functionError instanceof FunctionError && functionError.status === 901,
      );
      out.check("it ran exactly once (not retried)", executions === 1, plural(executions, "run"));
    }
    out.check(
      "the unknown lambda gave a GatewayError",
      gatewayError instanceof GatewayError && !(gatewayError instanceof FunctionError),
      gatewayError instanceof GatewayError ? `status ${gatewayError.status}` : undefined,
    );
    if (target.mode === "emulator") {
      out.check(
        "the gateway answered 404",
        gatewayError instanceof GatewayError && gatewayError.status === 404,
      );
    }
  },
};
