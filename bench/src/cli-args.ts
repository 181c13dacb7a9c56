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
  /** Run only one part: the four clients' figures, or the fleet (which then updates its section in place). */
  only: "clients" | "fleet" | undefined;
  help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: pnpm bench [--quick] [--only clients|fleet] [--out-dir <dir>] [--cpu-prof <dir>]

Runs raw fetch, bare openapi-fetch, lpkit and liveperson-functions-client@2.2.0 against the
emulator (its own process, loopback only), then the fleet (N processes sharing tokens through a
real redis-server, against lpkit alone and the official client), and writes BENCHMARKS.md and
results.json (the fleet's figures in fleet-results.json).

  --quick            small run (< 1 min) to check the harness; never writes the committed files
                     unless --out-dir points at them
  --out-dir <dir>    write BENCHMARKS.md and results.json into <dir>
                     (default: repository root + bench/results.json; with --quick a temp dir)
  --only fleet       only the fleet: replaces the fleet section of the existing BENCHMARKS.md
  --only clients     only the four clients' figures (no fleet section)
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
      only: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only;
  if (only !== undefined && only !== "clients" && only !== "fleet") {
    throw new Error(`--only takes "clients" or "fleet", not ${JSON.stringify(only)}`);
  }
  return {
    quick: values.quick === true,
    outDir: values["out-dir"],
    cpuProfileDir: values["cpu-prof"],
    only,
    help: values.help === true,
  };
}
