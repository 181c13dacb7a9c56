/**
 * `node bench/dist/connector/run.js [--quick] [--out-dir <dir>]` (`pnpm bench:connector`): the
 * Connector API figures, self-contained next to the invoke bench. The emulator runs in a child
 * process; the client side is measured here. A full run rewrites `bench/connector-results.json`
 * and the Connector section of `BENCHMARKS.md`; `--quick` (seconds) writes into a temp dir.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type ConnectorPlan,
  type ConnectorTarget,
  measureBurst,
  measureReceiver,
  measureSend,
  measureVerify,
} from "./measure.js";
import { renderConnectorSection, replaceConnectorSection } from "./report.js";

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = join(here, "..", "..");

/** The sizes of the full and the quick run. */
export const PLANS: Readonly<Record<"full" | "quick", ConnectorPlan>> = {
  full: {
    repetitions: 5,
    sendsPerRepetition: 2_000,
    concurrency: 16,
    burst: 1_000,
    verifications: 20_000,
    deliveries: 2_000,
  },
  quick: {
    repetitions: 2,
    sendsPerRepetition: 100,
    concurrency: 16,
    burst: 1_000,
    verifications: 500,
    deliveries: 100,
  },
};

async function startEmulator() {
  const child = spawn(process.execPath, [join(here, "emulator-child.js")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
  });
  return { target: JSON.parse(line) as ConnectorTarget, stop: () => child.kill("SIGTERM") };
}

const { values } = parseArgs({ options: { quick: { type: "boolean" }, "out-dir": { type: "string" } } });
const kind: "quick" | "full" = values.quick ? "quick" : "full";
const plan = PLANS[kind];
const { target, stop } = await startEmulator();
try {
  const started = Date.now();
  const load = loadavg()[0] ?? 0;
  const send = await measureSend(target, plan);
  const burst = await measureBurst(target, plan);
  const verify = await measureVerify(target.clientSecret, plan);
  const receiver = await measureReceiver(target, plan);
  const results = {
    kind,
    date: new Date(started).toISOString(),
    node: process.version,
    loadAverage: Number(load.toFixed(1)),
    plan,
    send,
    burst,
    verify,
    receiver,
  };
  const section = renderConnectorSection(results);
  process.stdout.write(`${section}\n`);
  const outDir =
    values["out-dir"] ??
    (kind === "quick" ? mkdtempSync(join(tmpdir(), "lpkit-bench-connector-")) : benchRoot);
  writeFileSync(join(outDir, "connector-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const benchmarks = join(outDir === benchRoot ? join(benchRoot, "..") : outDir, "BENCHMARKS.md");
  const current = existsSync(benchmarks) ? readFileSync(benchmarks, "utf8") : "";
  writeFileSync(benchmarks, replaceConnectorSection(current, section));
  process.stdout.write(`\nwrote ${join(outDir, "connector-results.json")} and ${benchmarks}\n`);
} finally {
  stop();
}
