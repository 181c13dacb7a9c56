/**
 * `lpkit-demo connector` (`pnpm demo connector`): the Connector API walk-through — AppJWT,
 * ConsumerJWS, a conversation, a typing event and a text, the agent's reply through a verified
 * webhook on loopback, close — offline against the embedded emulator, or live with
 * `LP_ACCOUNT_ID`, `LP_CLIENT_ID`, `LP_CLIENT_SECRET` and `LP_EXT_CONSUMER_ID`.
 *
 * @module
 */
import { type CommandIo, liveModeReason } from "../command-io.js";
import { ConfigError, type Env, type Mode } from "../config.js";
import {
  type ConnectorSession,
  openConnectorSession,
  readLiveConnectorSettings,
} from "../connector/connector-session.js";
import { CONNECTOR_STEPS, type ConnectorContext } from "../connector/connector-steps.js";
import { createInbox } from "../connector/inbox.js";
import { shortId } from "../output/format.js";
import { createReporter, type RunHeader } from "../output/reporter.js";
import { describeError } from "../session/describe-error.js";
import { runWalkthrough } from "../walkthrough.js";
import { writeJson } from "./shared.js";

/** How long the walk-through waits for a webhook offline: a hang guard, never a time bound. */
const OFFLINE_WAIT_MS = 60_000;
/** Default wait for a live agent's reply, in seconds (`LP_WEBHOOK_WAIT_SEC`). */
const LIVE_WAIT_SEC = 120;

/**
 * Options of {@link connectorCommand}.
 *
 * @example
 * ```ts
 * const options: ConnectorCommandOptions = { env: process.env, mode: "emulator", forced: undefined };
 * ```
 */
export interface ConnectorCommandOptions {
  readonly env: Env;
  readonly mode: Mode;
  readonly forced: Mode | undefined;
}

function header(session: ConnectorSession): RunHeader {
  const who = `account ${session.accountId} · app installation ${shortId(session.clientId)} · consumer ${session.extConsumerId}`;
  const lines =
    session.mode === "emulator"
      ? [
          `lpkit connector demo — offline, against the embedded emulator at ${session.emulator?.url}`,
          who,
          `webhooks: the emulator signs and POSTs them to ${session.webhookUrl}`,
          "(set LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET and LP_EXT_CONSUMER_ID to run against LivePerson)",
        ]
      : [
          `lpkit connector demo — live, against the hosts the Domain API at ${session.domainApi} names`,
          who,
          session.webhookUrl === undefined
            ? "(set LP_WEBHOOK_PORT to receive the agent's reply through your app's webhooks)"
            : `webhooks: listening at ${session.webhookUrl} (expose it over HTTPS as the app's endpoint)`,
        ];
  return {
    mode: session.mode,
    lines,
    target: {
      domainApi: session.domainApi,
      accountId: session.accountId,
      clientId: shortId(session.clientId),
      extConsumerId: session.extConsumerId,
      webhookUrl: session.webhookUrl,
    },
  };
}

function configError(io: CommandIo, options: ConnectorCommandOptions, problems: readonly string[]): number {
  const p = io.paint;
  io.stderr.write(
    `${p.red("lpkit-demo:")} the configuration for the live connector demo is incomplete or malformed:\n`,
  );
  for (const problem of problems) {
    io.stderr.write(`  ${problem}\n`);
  }
  io.stderr.write(`${liveModeReason(options.env, options.forced)}\n`);
  if (io.json) {
    writeJson(io, {
      tool: "lpkit-demo",
      command: "connector",
      ok: false,
      exitCode: 2,
      error: { name: ConfigError.name, code: "ERR_CONFIG", problems },
    });
  }
  return 2;
}

/**
 * Runs the connector walk-through; resolves to the exit status (0 when every step did what it
 * should, 1 when one did not, 2 for a configuration error).
 *
 * @example
 * ```ts
 * const status = await connectorCommand(io, { env: process.env, mode: "emulator", forced: undefined });
 * ```
 */
export async function connectorCommand(io: CommandIo, options: ConnectorCommandOptions): Promise<number> {
  let waitMs = OFFLINE_WAIT_MS;
  if (options.mode === "live") {
    const { problems } = readLiveConnectorSettings(options.env);
    const waitText = options.env.LP_WEBHOOK_WAIT_SEC?.trim();
    const waitSec = waitText ? Number(waitText) : LIVE_WAIT_SEC;
    if (!(Number.isFinite(waitSec) && waitSec > 0)) {
      problems.push("LP_WEBHOOK_WAIT_SEC: expected a number of seconds");
    }
    if (problems.length > 0) {
      return configError(io, options, problems);
    }
    waitMs = waitSec * 1000;
  }
  io.addSecret(options.env.LP_CLIENT_SECRET);
  const reporter = createReporter(io.json ? "json" : "text", io);
  const started = performance.now();
  const inbox = createInbox();
  let session: ConnectorSession;
  try {
    session = await openConnectorSession(options.env, options.mode, inbox.handlers, {
      logger: io.authLogger,
    });
  } catch (error) {
    reporter.begin({ mode: options.mode, lines: ["lpkit connector demo"], target: {} });
    reporter.end({
      ok: false,
      exitCode: 1,
      durationMs: performance.now() - started,
      steps: [],
      error: describeError(error, options.mode, [options.env.LP_CLIENT_SECRET]),
    });
    return 1;
  }
  io.addSecret(...session.secrets);
  try {
    reporter.begin(header(session));
    const context: ConnectorContext = {
      target: { mode: session.mode, secrets: session.secrets },
      session,
      inbox,
      waitMs,
      state: {},
    };
    const outcomes = await runWalkthrough(context, CONNECTOR_STEPS, { reporter });
    const ok = outcomes.every((outcome) => outcome.status === "passed" || outcome.status === "skipped");
    const exitCode = ok ? 0 : 1;
    reporter.end({ ok, exitCode, durationMs: performance.now() - started, steps: outcomes });
    return exitCode;
  } finally {
    await session.close();
  }
}
