/**
 * The walk-through (`lpkit-demo` with no command, `pnpm demo`): open the target, wire
 * `@lpkit/auth`, run the seven steps, report, and exit 0 only when every step did what it should.
 *
 * @module
 */
import type { AuthEvent } from "@lpkit/auth";
import { type CommandIo, liveModeReason, reportConfigError } from "../command-io.js";
import { ConfigError, CREDENTIAL_VARIABLES, type Env, type Mode, readSettings } from "../config.js";
import { shortId } from "../output/format.js";
import { createReporter, type RunHeader } from "../output/reporter.js";
import { describeError } from "../session/describe-error.js";
import { createFunctions } from "../session/functions.js";
import { openTarget, type Target } from "../session/target.js";
import { DEMO_STEPS } from "../steps/index.js";
import type { DemoContext, DemoState, DemoStep } from "../steps/types.js";
import { runWalkthrough } from "../walkthrough.js";

function header(target: Target): RunHeader {
  const who = `account ${target.accountId} · app installation ${shortId(target.clientId ?? "")} · Sentinel ${target.sentinelVersion}`;
  if (target.emulator) {
    return {
      mode: "emulator",
      lines: [
        `lpkit demo — offline, against the embedded emulator at ${target.emulator.emulator.url}`,
        `${who} · ${target.emulator.tokenTtlSec} s tokens, so step 4 can show a refresh`,
        "(set LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET and LP_LAMBDA_UUID to run against LivePerson)",
      ],
      target: {
        emulatorUrl: target.emulator.emulator.url,
        domainApi: target.domainApi,
        accountId: target.accountId,
        clientId: shortId(target.clientId ?? ""),
        sentinelVersion: target.sentinelVersion,
        lambdaUuid: target.lambdaUuid,
        tokenTtlSec: target.emulator.tokenTtlSec,
      },
    };
  }
  return {
    mode: "live",
    lines: [
      `lpkit demo — live, against the hosts the Domain API at ${target.domainApi} names`,
      `${who} · lambda ${target.lambdaUuid}`,
      "(steps 4 and 5 and the function error of step 6 need the emulator: they are skipped)",
    ],
    target: {
      domainApi: target.domainApi,
      accountId: target.accountId,
      clientId: shortId(target.clientId ?? ""),
      sentinelVersion: target.sentinelVersion,
      lambdaUuid: target.lambdaUuid,
    },
  };
}

/**
 * Options of {@link demoCommand}.
 *
 * @example
 * ```ts
 * const options: DemoCommandOptions = { env: process.env, mode: "emulator", forced: undefined };
 * ```
 */
export interface DemoCommandOptions {
  readonly env: Env;
  readonly mode: Mode;
  readonly forced: Mode | undefined;
  /** The steps to run; default the seven of the walk-through. */
  readonly steps?: readonly DemoStep[] | undefined;
}

/**
 * Runs the walk-through; resolves to the exit status.
 *
 * @example
 * ```ts
 * const status = await demoCommand(io, { env: process.env, mode: "emulator", forced: undefined });
 * ```
 */
export async function demoCommand(io: CommandIo, options: DemoCommandOptions): Promise<number> {
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings(options.env, { mode: options.mode, required: CREDENTIAL_VARIABLES });
  } catch (error) {
    if (error instanceof ConfigError) {
      return reportConfigError(error, io, "demo", liveModeReason(options.env, options.forced));
    }
    throw error;
  }
  const reporter = createReporter(io.json ? "json" : "text", io);
  const started = performance.now();
  let target: Target;
  try {
    target = await openTarget(settings, { onHttp: io.debugEnabled ? io.debugHttp : undefined });
  } catch (error) {
    reporter.begin({ mode: settings.mode, lines: ["lpkit demo"], target: {} });
    reporter.end({
      ok: false,
      exitCode: 1,
      durationMs: performance.now() - started,
      steps: [],
      error: describeError(error, settings.mode, [settings.clientSecret]),
    });
    return 1;
  }
  io.addSecret(...target.secrets);
  io.debug(
    `config mode=${target.mode} domainApi=${target.domainApi} account=${target.accountId} sentinel=${target.sentinelVersion} clientSecret=[REDACTED]`,
  );
  const events: AuthEvent[] = [];
  const lp = createFunctions(target, { onEvent: (event) => events.push(event), logger: io.authLogger });
  try {
    reporter.begin(header(target));
    const state: DemoState = {
      sentinelHost: undefined,
      faasHost: undefined,
      token: undefined,
      refreshed: false,
      invocationMs: [],
      expectedFailures: 0,
    };
    const context: DemoContext = { target, lp, events, state };
    const outcomes = await runWalkthrough(context, options.steps ?? DEMO_STEPS, { reporter });
    const ok = outcomes.every((outcome) => outcome.status === "passed" || outcome.status === "skipped");
    const exitCode = ok ? 0 : 1;
    reporter.end({ ok, exitCode, durationMs: performance.now() - started, steps: outcomes });
    return exitCode;
  } finally {
    lp.dispose();
    await target.close();
  }
}
