#!/usr/bin/env node
/**
 * `lpkit-demo` (the bin, and what `pnpm demo` runs): hands the process's arguments, environment
 * and streams to `runDemo` and exits with its status.
 *
 * @module
 */
import { redact } from "@lpkit/core/internal";
import { runDemo } from "./run-demo.js";

// A reader that goes away (`lpkit-demo token --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
      process.exit(process.exitCode ?? 0);
    }
    throw error;
  });
}

async function main(): Promise<void> {
  try {
    process.exitCode = await runDemo({
      argv: process.argv.slice(2),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      stdinIsTTY: process.stdin.isTTY === true,
    });
  } catch (error) {
    // runDemo reports every expected failure itself: this is a bug. Never print a secret, even now.
    const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    console.error(`lpkit-demo: unexpected ${redact(text, [process.env.LP_CLIENT_SECRET])}`);
    process.exitCode = 1;
  }
}

void main();
