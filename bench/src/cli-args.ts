/**
 * Command-line options of `pnpm bench` (`node bench/dist/run.js`).
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Parsed options. */
export interface BenchArgs {
  quick: boolean;
  /** Where BENCHMARKS.md and results.json go; default: the repository (full) or a temp dir (quick). */
  outDir: string | undefined;
  /** Write V8 CPU profiles of the warm-figure workers here. */
  cpuProfileDir: string | undefined;
  help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: pnpm bench [--quick] [--out-dir <dir>] [--cpu-prof <dir>]

Runs raw fetch, bare openapi-fetch, lpkit and liveperson-functions-client@2.2.0 against the
emulator (its own process, loopback only) and writes BENCHMARKS.md and results.json.

  --quick            small run (< 1 min) to check the harness; never writes the committed files
                     unless --out-dir points at them
  --out-dir <dir>    write BENCHMARKS.md and results.json into <dir>
                     (default: repository root + bench/results.json; with --quick a temp dir)
  --cpu-prof <dir>   write V8 CPU profiles of the latency/throughput workers into <dir>
  --help             this text
`;

/**
 * Parses `argv` (without the node and script paths).
 *
 * @example
 * ```ts
 * parseBenchArgs(["--quick"]); // { quick: true, outDir: undefined, cpuProfileDir: undefined, help: false }
 * ```
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      "out-dir": { type: "string" },
      "cpu-prof": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    quick: values.quick === true,
    outDir: values["out-dir"],
    cpuProfileDir: values["cpu-prof"],
    help: values.help === true,
  };
}
