#!/usr/bin/env node
/**
 * `lpkit-emulator`: runs the emulator from the command line, prints its URLs and the
 * credentials of its app installations (the emulator's own made-up ones), and stops cleanly
 * on SIGINT or SIGTERM.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { parseCliArgs, USAGE } from "./cli-args.js";
import { loadConfigFile } from "./config-file.js";
import { createEmulator, type Emulator } from "./emulator.js";
import { serviceSummary } from "./summary.js";

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`lpkit-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  let emulator: Emulator;
  try {
    const config = args.config ? await loadConfigFile(args.config) : {};
    emulator = createEmulator({
      ...config,
      tokenTtlSec: args.tokenTtlSec ?? config.tokenTtlSec,
      tls: args.tls,
      host: args.host,
      port: args.port,
    });
    await emulator.start();
    if (args.caOut && emulator.ca) {
      await writeFile(args.caOut, emulator.ca, "utf8");
    }
  } catch (error) {
    console.error(`lpkit-emulator: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const summary = serviceSummary(emulator, args.caOut);
  console.log(args.json ? JSON.stringify(summary.json) : summary.text);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    emulator.stop().then(
      () => {
        if (!args.json) {
          console.log(`lpkit-emulator: stopped (${signal})`);
        }
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(`lpkit-emulator: ${(error as Error).message}`);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
