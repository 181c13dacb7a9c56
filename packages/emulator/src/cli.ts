#!/usr/bin/env node
/**
 * `lpkit-emulator`: runs the emulator from the command line, prints its URLs and the
 * credentials of its app installations (the emulator's own made-up ones), optionally one line
 * per request, and stops cleanly on SIGINT or SIGTERM. Mistakes on the command line exit 2 with
 * one line (JSON with `--json`); failures to start exit 1.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliArgs, parseCliArgs, USAGE, UsageError } from "./cli-args.js";
import { applyClockSetting } from "./clock-setting.js";
import { loadConfigFile } from "./config-file.js";
import { createEmulator, type Emulator } from "./emulator.js";
import { formatEnvLines, pasteEnv } from "./paste-env.js";
import { formatLogEntry, type RequestLogEntry } from "./request-log.js";
import { serviceSummary } from "./summary.js";

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "unknown";
}

const json = process.argv.includes("--json");

// A reader that goes away (`lpkit-emulator --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
      process.exit(process.exitCode ?? 0);
    }
    throw error;
  });
}

function fail(exitCode: 1 | 2, message: string): void {
  if (json) {
    const code = exitCode === 2 ? "ERR_USAGE" : "ERR_START";
    console.log(
      JSON.stringify({
        error: { code, message, ...(exitCode === 2 ? { help: "lpkit-emulator --help" } : {}) },
      }),
    );
  } else {
    console.error(`lpkit-emulator: ${message}${exitCode === 2 ? " (see --help)" : ""}`);
  }
  process.exitCode = exitCode;
}

function printLog(entry: RequestLogEntry): void {
  console.log(
    json
      ? JSON.stringify({ event: "request", ...entry, time: new Date(entry.time).toISOString() })
      : formatLogEntry(entry),
  );
}

/** Where `--tls` wrote the CA when no `--ca-out` was given (removed on stop). */
let temporaryCaDir: string | undefined;

async function writeCa(args: CliArgs, ca: string): Promise<string> {
  if (args.caOut) {
    await writeFile(args.caOut, ca, "utf8");
    return args.caOut;
  }
  temporaryCaDir = await mkdtemp(join(tmpdir(), "lpkit-emulator-ca-"));
  const file = join(temporaryCaDir, "ca.pem");
  await writeFile(file, ca, "utf8");
  return file;
}

async function removeTemporaryCa(): Promise<void> {
  if (temporaryCaDir !== undefined) {
    await rm(temporaryCaDir, { recursive: true, force: true });
  }
}

async function start(args: CliArgs): Promise<{ emulator: Emulator; caFile: string | undefined } | undefined> {
  let emulator: Emulator;
  try {
    const config = args.config ? await loadConfigFile(args.config) : {};
    emulator = createEmulator({
      ...config,
      tokenTtlSec: args.tokenTtlSec ?? config.tokenTtlSec,
      tls: args.tls,
      host: args.host,
      expose: args.expose,
      port: args.port,
      cors: args.cors.length > 0 ? args.cors : undefined,
      admin: args.admin,
      tokensPerMinute: args.tokensPerMinute,
      log: args.log ? printLog : undefined,
    });
    await emulator.start();
  } catch (error) {
    fail(1, (error as Error).message);
    return undefined;
  }
  try {
    for (const rule of args.faults) {
      emulator.fault(rule);
    }
  } catch (error) {
    await emulator.stop();
    fail(2, (error as Error).message.replace(/^fault:/, "--fault:"));
    return undefined;
  }
  if (args.clock) {
    applyClockSetting(emulator.clock, args.clock);
  }
  let caFile: string | undefined;
  try {
    if (emulator.ca) {
      caFile = await writeCa(args, emulator.ca);
    }
  } catch (error) {
    await emulator.stop();
    await removeTemporaryCa();
    fail(1, (error as Error).message);
    return undefined;
  }
  return { emulator, caFile };
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    fail(2, error instanceof UsageError ? error.message : String(error));
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args.version) {
    console.log(
      json ? JSON.stringify({ name: "@lpkit/emulator", version: packageVersion() }) : packageVersion(),
    );
    return;
  }
  const started = await start(args);
  if (!started) {
    return;
  }
  const { emulator, caFile } = started;
  // Signal handlers go in before anything is printed: whoever reads the first line may stop us at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    emulator
      .stop()
      .then(removeTemporaryCa)
      .then(
        () => {
          if (!json) {
            console.log(`lpkit-emulator: stopped (${signal})`);
          }
          process.exitCode = 0;
        },
        (error: unknown) => {
          fail(1, (error as Error).message);
        },
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const { address } = emulator;
  if (address.exposed) {
    console.error(
      `lpkit-emulator: warning: listening on ${address.address} port ${address.port}, reachable from other machines: anyone who reaches it can get tokens and run its lambdas`,
    );
  }
  if (args.printEnv) {
    console.log(formatEnvLines(pasteEnv(emulator, caFile)));
    return;
  }
  const summary = serviceSummary(emulator, packageVersion(), caFile);
  console.log(json ? JSON.stringify(summary.json) : summary.text);
}

void main();
