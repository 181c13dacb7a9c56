/**
 * The emulator's own start time (not a contender figure): fresh processes, each importing
 * `@lpkit/emulator` and starting it once on plain HTTP and once with TLS.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type Spread, spread } from "../stats.js";
import type { BenchEnv } from "../workload.js";
import { runProgram } from "./programs.js";

const PROGRAM = fileURLToPath(new URL("../programs/emulator-start.js", import.meta.url));

/** Spreads over the runs, in ms. */
export interface EmulatorStartTimes {
  runs: number;
  /** `await import("@lpkit/emulator")` in a fresh process. */
  importMs: Spread;
  /** `createEmulator()` + `start()` with the demo configuration on plain HTTP. */
  plainMs: Spread;
  /** `createEmulator({ tls: true })` + `start()`: includes generating the CA and certificate. */
  tlsMs: Spread;
}

function numberField(line: Record<string, unknown>, name: string): number {
  const value = line[name];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`emulator-start: no number "${name}" in ${JSON.stringify(line)}`);
  }
  return value;
}

/**
 * Starts the emulator `runs` times, each in a fresh process.
 *
 * @example
 * ```ts
 * const times = await measureEmulatorStart(emulator.env, 10);
 * times.plainMs.median;
 * ```
 */
export async function measureEmulatorStart(
  env: BenchEnv,
  runs: number,
  log: (line: string) => void = () => {},
): Promise<EmulatorStartTimes> {
  const samples = { importMs: [] as number[], plainMs: [] as number[], tlsMs: [] as number[] };
  for (let run = 0; run < runs; run++) {
    // No DNS guard: the emulator only listens (on 127.0.0.1), it resolves nothing.
    const { line } = await runProgram(PROGRAM, env, 60_000, { dnsGuard: false });
    samples.importMs.push(numberField(line, "importMs"));
    samples.plainMs.push(numberField(line, "plainMs"));
    samples.tlsMs.push(numberField(line, "tlsMs"));
  }
  log(`emulator start ${runs}/${runs}`);
  return {
    runs,
    importMs: spread(samples.importMs),
    plainMs: spread(samples.plainMs),
    tlsMs: spread(samples.tlsMs),
  };
}
