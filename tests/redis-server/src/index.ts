/**
 * `@lpkit/redis-test-server` (private): a real Debian `redis-server` for tests, measurements and the
 * demo — on a free loopback port, with a throwaway directory, nothing persisted, stopped by PID.
 * Fault injection: `pause()` (SIGSTOP), `resume()` (SIGCONT), `kill()` (SIGKILL) and `restart()` on
 * the same port. Used by `@lpkit/redis`'s tests, the fleet measurement in `bench/` and `apps/demo`.
 *
 * The binary is `LPKIT_REDIS_SERVER` or `redis-server` on PATH; when it is missing the harness
 * fails with the command that installs it (`node scripts/check-system.mjs` does, as root).
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running server and its fault switches. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  /**
   * Sends one command on a fresh connection and resolves the raw RESP answer (for admin steps). It
   * rejects only after {@link ADMIN_DEADLINE_MS} without an answer: an admin step merely has to get through.
   */
  admin(...args: string[]): Promise<string>;
  /** {@link RedisServer.admin} with a deadline of `timeoutMs` (for a test that expects no answer). */
  adminWithin(timeoutMs: number, ...args: string[]): Promise<string>;
  /** SIGSTOP: the TCP connection stays open, nothing answers. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (after `kill`); data is gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The deadline of an admin command: 10 s, far beyond what a busy machine makes a loopback round trip
 * take (at 2 s, one stall of the test process or of redis-server under load could fail a test whose
 * subject is something else).
 */
export const ADMIN_DEADLINE_MS = 10_000;

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) {
    child.kill("SIGKILL");
  }
});

/** The redis-server binary, or a clear failure naming how to install it. */
export function redisServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  const binary = env.LPKIT_REDIS_SERVER || "redis-server";
  const probe = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(
      `redis-server is needed by the @lpkit/redis tests: run \`apt-get install -y redis-server\` as root ` +
        `(or \`node scripts/check-system.mjs\`), or set LPKIT_REDIS_SERVER to its path`,
    );
  }
  return binary;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Length of the first complete RESP reply (simple, error, integer or bulk) in `text`, or -1. */
function replyLength(text: string): number {
  const eol = text.indexOf("\r\n");
  if (eol < 0) {
    return -1;
  }
  if (text[0] !== "$") {
    return eol + 2;
  }
  const size = Number(text.slice(1, eol));
  if (size < 0) {
    return eol + 2;
  }
  const end = eol + 2 + Buffer.byteLength(text.slice(eol + 2)) >= size + 2 ? eol + 2 + size + 2 : -1;
  return end;
}

/**
 * Sends one command (after `AUTH` when a password is set) on a fresh connection and resolves the
 * command's raw RESP reply, trimmed, e.g. `+OK`, `:1`, `$5\r\nvalue`.
 */
function rawCommand(
  port: number,
  args: string[],
  password: string | undefined,
  timeoutMs: number,
): Promise<string> {
  const commands = password ? [["AUTH", password], args] : [args];
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let buffer = "";
    const replies: string[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${args[0]} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let n = replyLength(buffer); n > 0; n = replyLength(buffer)) {
        replies.push(buffer.slice(0, n).trimEnd());
        buffer = buffer.slice(n);
      }
      if (replies.length === commands.length) {
        clearTimeout(timer);
        socket.end();
        resolve(replies.at(-1)!);
      }
    });
    for (const command of commands) {
      const parts = command.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("");
      socket.write(`*${command.length}\r\n${parts}`);
    }
  });
}

async function waitUntilReady(
  port: number,
  child: ChildProcess,
  password: string | undefined,
): Promise<void> {
  // A hang guard: a busy machine may take several seconds to start redis-server.
  const giveUp = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with code ${child.exitCode} before it was ready`);
    }
    try {
      if ((await rawCommand(port, ["PING"], password, 500)) === "+PONG") {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > giveUp) {
      throw new Error("redis-server did not answer PING within 60 s");
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // The port was free when picked, not when redis-server bound it: if another process's server took it
  // in between, ours exited and that one answered the PING. Only our own server will do.
  const info = await rawCommand(port, ["INFO", "server"], password, ADMIN_DEADLINE_MS);
  if (!info.includes(`process_id:${child.pid}\r`)) {
    throw new Error(`another process answers on port ${port}, not the redis-server started`);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port. `extraArgs` are appended to the command line
 * (e.g. `["--requirepass", pw]`; `admin` then authenticates first).
 */
export async function startRedisServer(extraArgs: string[] = []): Promise<RedisServer> {
  const binary = redisServerBinary();
  const passwordAt = extraArgs.indexOf("--requirepass");
  const password = passwordAt >= 0 ? extraArgs[passwordAt + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), "lpkit-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
    args.push("--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", ...extraArgs);
    const started = spawn(binary, args, { stdio: "ignore" });
    running.add(started);
    started.once("exit", () => running.delete(started));
    child = started;
    await waitUntilReady(port, started, password);
  };

  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      child?.kill("SIGKILL");
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const signal = (name: NodeJS.Signals) => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill(name);
    }
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    admin: (...args) => rawCommand(port, args, password, ADMIN_DEADLINE_MS),
    adminWithin: (timeoutMs, ...args) => rawCommand(port, args, password, timeoutMs),
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    async kill() {
      if (child) {
        signal("SIGKILL");
        await exited(child);
      }
    },
    restart: launch,
    async stop() {
      if (child) {
        signal("SIGCONT");
        signal("SIGKILL");
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
