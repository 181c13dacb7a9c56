/**
 * `lpkit-demo invoke <uuid> [--payload <json|@file>]`: invoke a function and print its result — or
 * the typed error: a `FunctionError` (the function ran and failed, 901) or a `GatewayError`.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { FunctionError, GatewayError } from "@lpkit/faasgw";
import type { CommandIo } from "../command-io.js";
import { formatMs, roundMs } from "../output/format.js";
import { describeError } from "../session/describe-error.js";
import { createFunctions } from "../session/functions.js";
import { reportFailure, type SubcommandOptions, withTarget, writeJson } from "./shared.js";

/**
 * What `invoke` was asked to do.
 *
 * @example
 * ```ts
 * const args: InvokeArgs = { lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", payload: { a: 1 }, userId: undefined };
 * ```
 */
export interface InvokeArgs {
  readonly lambdaUuid: string;
  /** The payload, already parsed (see {@link readPayloadArgument}); default `LP_PAYLOAD`, else `{}`. */
  readonly payload: unknown;
  /** Default `LP_USER_ID`. */
  readonly userId: string | undefined;
}

/**
 * Reads `--payload`: JSON text, or `@file` with JSON in it. Throws a `TypeError` naming `--payload`.
 *
 * @example
 * ```ts
 * await readPayloadArgument('{"a":1}');      // { a: 1 }
 * await readPayloadArgument("@payload.json"); // the file's JSON
 * ```
 */
export async function readPayloadArgument(value: string): Promise<unknown> {
  let text = value;
  if (value.startsWith("@")) {
    const file = value.slice(1);
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new TypeError(`--payload: cannot read ${file}${typeof code === "string" ? ` (${code})` : ""}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TypeError(
      `--payload: expected JSON or @file (${error instanceof Error ? error.message : "parse error"})`,
    );
  }
}

/**
 * Invokes the function; resolves to the exit status.
 *
 * @example
 * ```ts
 * await invokeCommand(io, options, { lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", payload: {}, userId: undefined });
 * ```
 */
export function invokeCommand(io: CommandIo, options: SubcommandOptions, args: InvokeArgs): Promise<number> {
  return withTarget(
    io,
    "invoke",
    options,
    ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET"],
    async (target) => {
      const lp = createFunctions(target, { logger: io.authLogger });
      const payload =
        args.payload !== undefined ? args.payload : target.payload !== undefined ? target.payload : {};
      const userId = args.userId ?? target.userId;
      const started = performance.now();
      try {
        const response = await lp.invoke(args.lambdaUuid, payload, userId ? { userId } : undefined);
        const ms = performance.now() - started;
        if (io.json) {
          writeJson(io, {
            tool: "lpkit-demo",
            command: "invoke",
            ok: true,
            mode: target.mode,
            lambdaUuid: args.lambdaUuid,
            status: response.status,
            requestId: response.requestId,
            durationMs: roundMs(ms),
            data: response.data,
          });
          return 0;
        }
        io.stdout.write(`${JSON.stringify(response.data, null, 2)}\n`);
        io.stderr.write(
          io.paint.dim(
            `(HTTP ${response.status} · request id ${response.requestId} · ${formatMs(ms)} · ${target.mode})\n`,
          ),
        );
        return 0;
      } catch (error) {
        if (
          (error instanceof FunctionError || error instanceof GatewayError) &&
          error.logs.length > 0 &&
          !io.json
        ) {
          io.stderr.write(
            `function logs:\n${error.logs.map((log) => `  [${log.level ?? "?"}] ${log.message ?? ""}\n`).join("")}`,
          );
        }
        return reportFailure(io, "invoke", describeError(error, target.mode, target.secrets));
      } finally {
        lp.dispose();
      }
    },
  );
}
