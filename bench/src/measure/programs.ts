/**
 * The one-invoke programs (`src/programs/*.ts`, compiled to `dist/programs/*.js`) and running one in a
 * fresh process.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DNS_GUARD_URL } from "../worker-host.js";
import { type BenchEnv, type ContenderId, childEnv } from "../workload.js";

/**
 * Path of a contender's compiled one-invoke program.
 *
 * @example
 * ```ts
 * programPath("lpkit"); // …/bench/dist/programs/lpkit.js
 * ```
 */
export function programPath(id: ContenderId): string {
  return fileURLToPath(new URL(`../programs/${id}.js`, import.meta.url));
}

/** What one run of a program gave. */
export interface ProgramRun {
  /** Wall time from just before `spawn` to the program's success line, ms. */
  wallMs: number;
  /** `performance.now()` inside the program at success: ms since its own process started. */
  inProcessMs: number;
  /** The whole success line, for programs that report more than `ms`. */
  line: Record<string, unknown>;
}

/**
 * Runs `file` with node in a fresh process (DNS guard preloaded unless `dnsGuard: false`, the
 * emulator's CA trusted) and resolves when it prints its success line; the process is then ended.
 *
 * @example
 * ```ts
 * const { wallMs } = await runProgram(programPath("lpkit"), emulator.env);
 * ```
 */
export function runProgram(
  file: string,
  env: BenchEnv,
  timeoutMs = 60_000,
  options: { dnsGuard?: boolean } = {},
): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const preload = options.dnsGuard === false ? [] : ["--import", DNS_GUARD_URL];
    const child = spawn(process.execPath, [...preload, file], {
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const finish = (error: Error | undefined, run?: ProgramRun) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
      }
      if (error) {
        reject(error);
      } else {
        resolve(run as ProgramRun);
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`${file}: no success line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const at = performance.now();
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) {
        return;
      }
      try {
        const line = JSON.parse(stdout.slice(0, newline)) as Record<string, unknown>;
        if (line.ok !== true || typeof line.ms !== "number") {
          throw new Error("not a success line");
        }
        finish(undefined, { wallMs: at - started, inProcessMs: line.ms, line });
      } catch {
        finish(new Error(`${file}: unexpected output ${stdout.slice(0, 300)}`));
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error) => finish(error));
    child.on("exit", (code) => {
      // Give a success line that arrived together with the exit a chance to be read first.
      setImmediate(() => finish(new Error(`${file} exited with code ${code}: ${stderr.slice(0, 500)}`)));
    });
  });
}
