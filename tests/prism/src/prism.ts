/**
 * Runs Stoplight Prism (`@stoplight/prism-cli`, pinned to 5.14.2, the last version that runs on
 * Node 20) as a child process on a loopback port of its own: `prism mock <spec>` or
 * `prism proxy <spec> <upstream>`, always with `--errors`, so a request or a response that breaks
 * the spec becomes an error answer carrying Prism's `sl-violations` header. Stops what it started.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's `specs/` folder. */
export const SPECS_DIR = fileURLToPath(new URL("../../../specs/", import.meta.url));

/** A Prism process. */
export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Everything Prism printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@stoplight/prism-cli/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    version: string;
    bin: Record<string, string>;
  };
  if (manifest.version !== "5.14.2") {
    throw new Error(`expected @stoplight/prism-cli 5.14.2, found ${manifest.version}`);
  }
  return join(dirname(manifestPath), manifest.bin.prism as string);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) {
    child.kill("SIGKILL");
  }
});

/** How long a Prism CLI may take to accept connections before the test gives up (a hang guard). */
export const PRISM_START_GUARD_MS = 300_000;

/** The `beforeAll` timeout of a file that starts Prism servers: the start guard plus room to stop them. */
export const PRISM_HOOK_TIMEOUT_MS = PRISM_START_GUARD_MS + 60_000;

/** The line Prism prints once it listens, with the port the system gave it (`--port 0`). */
const LISTENING = /Prism is listening on http:\/\/127\.0\.0\.1:(\d+)\s/; // whole line: a chunk may end mid-port

/**
 * Starts Prism on a port the system picks when Prism binds (`--port 0`, read back from its
 * "listening" line) and resolves once that port accepts connections. (A port picked free beforehand
 * stays unbound for the minute a busy machine takes to load Prism: another process could take it,
 * and Prism would exit or the test would talk to that process.)
 *
 * @example
 * ```ts
 * const mock = await startPrism(["mock", "domain.yaml"]);
 * const proxy = await startPrism(["proxy", "faasgw.yaml", emulator.url]);
 * ```
 */
export async function startPrism(
  args: readonly [mode: "mock" | "proxy", spec: string, ...rest: string[]],
): Promise<PrismServer> {
  const [mode, spec, ...rest] = args;
  const child = spawn(
    process.execPath,
    [prismEntry(), mode, join(SPECS_DIR, spec), ...rest, "--host", "127.0.0.1", "--port", "0", "--errors"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
  );
  running.add(child);
  let output = "";
  let port = 0;
  const collect = (chunk: Buffer) => {
    output = `${output}${chunk.toString()}`.slice(-20_000);
    port ||= Number(LISTENING.exec(output)?.[1] ?? 0);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
  });
  // A hang guard, not a time bound: six Prism CLIs start at once (two test files, three specs each)
  // and on a busy 2-core machine each takes well over a minute to load.
  const deadline = Date.now() + PRISM_START_GUARD_MS;
  while (port === 0 || !(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`prism ${mode} ${spec} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) {
        return;
      }
      child.kill("SIGTERM");
      const grace = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(grace);
    },
  };
}
