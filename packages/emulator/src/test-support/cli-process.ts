/**
 * Test support: runs the built `lpkit-emulator` (the committed launcher in bin/ loading the freshly
 * built dist/, see global-build.ts) as a child process, collects its output, and kills whatever is
 * still running when the file's tests end.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, inject } from "vitest";

/** A running (or finished) `lpkit-emulator`. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves with stdout once it holds a first full line. */
  readonly firstOutput: Promise<string>;
  /** stdout so far. */
  stdout(): string;
  /** stderr so far. */
  stderr(): string;
  /** Resolves when stdout so far satisfies `predicate` (10 s at most). */
  waitForStdout(predicate: (stdout: string) => boolean, what: string): Promise<string>;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) {
    child.kill("SIGKILL");
  }
});

/** The launcher of the built package. */
export function cliPath(): string {
  return join(inject("builtPackage"), "bin", "lpkit-emulator.js");
}

/** Polls `predicate` every 20 ms for up to 60 s (a hang guard: a busy machine starts a CLI slowly). */
export async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts `lpkit-emulator args…`.
 *
 * @example
 * ```ts
 * const running = runCli(["--json"]);
 * const summary = JSON.parse(await running.firstOutput);
 * ```
 */
export function runCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [cliPath(), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once("close", (code) => {
      exited = true;
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  const waitForStdout = async (predicate: (text: string) => boolean, what: string) => {
    await waitFor(() => predicate(stdout) || exited, what);
    if (!predicate(stdout)) {
      throw new Error(`lpkit-emulator exited before ${what}: ${stderr || stdout}`);
    }
    return stdout;
  };
  const firstOutput = waitForStdout((text) => text.includes("\n"), "its first line");
  firstOutput.catch(() => undefined);
  return { child, firstOutput, stdout: () => stdout, stderr: () => stderr, waitForStdout, exit };
}
