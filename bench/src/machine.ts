/**
 * The machine, Node and package versions a run was measured with.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import os from "node:os";

/** Where and with what a run was measured. */
export interface MachineInfo {
  cpuModel: string;
  /** CPUs Node may use (`os.availableParallelism()`). */
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  v8: string;
  /** 1/5/15-minute load averages when the run started and ended (other processes share the CPUs). */
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** The 1/5/15-minute load averages when each phase of the run ended, in order. */
  loadAverageByPhase: { phase: string; loadAverage: number[] }[];
  /** Versions of the measured packages. */
  packages: Record<string, string>;
}

const MEASURED_PACKAGES = [
  "@lpkit/auth",
  "@lpkit/faasgw",
  "@lpkit/node-transport",
  "undici",
  "@lpkit/emulator",
  "openapi-fetch",
  "liveperson-functions-client",
  "esbuild",
] as const;

function versionOf(name: string): string {
  try {
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Describes this machine now (the end load average is filled in by the caller).
 *
 * @example
 * ```ts
 * const machine = describeMachine();
 * ```
 */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    v8: process.versions.v8,
    loadAverageStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    loadAverageEnd: [],
    loadAverageByPhase: [],
    packages: Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, versionOf(name)])),
  };
}

/**
 * The current 1/5/15-minute load averages, rounded.
 *
 * @example
 * ```ts
 * loadAverage(); // [0.42, 0.3, 0.25]
 * ```
 */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}
