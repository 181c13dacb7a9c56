// @module scripts/readme-examples/services
// The processes a README run needs besides the examples: a throwaway redis-server, the reader's own
// `lpkit-emulator` (started from their install, stopped with SIGTERM), and the requests of `curl` lines.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { curlRequest } from "./commands.mjs";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway redis-server on loopback; resolves `{ url, stop() }`. */
export async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(
    process.env.LPKIT_REDIS_SERVER || "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 10 s")), 10_000);
    child.stdout.on("data", (chunk) => {
      if (/Ready to accept connections/.test(String(chunk))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("error", reject);
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/**
 * Starts `npx lpkit-emulator …` in `dir` — the bin npx would run, `node_modules/.bin/lpkit-emulator`,
 * started directly so SIGTERM reaches it (npx does not pass signals on) — and resolves once it printed
 * its URL: `{ url, output(), stop() }`; `stop()` sends SIGTERM and rejects unless it exits cleanly.
 */
export function startEmulatorCommand(dir, args, env) {
  return new Promise((resolve, reject) => {
    const bin = join(dir, "node_modules", ".bin", "lpkit-emulator");
    if (!existsSync(bin)) {
      reject(
        new Error(
          "npx lpkit-emulator: not installed — the README's install lines do not install @lpkit/emulator",
        ),
      );
      return;
    }
    const child = spawn(bin, args, { cwd: dir, env });
    let output = "";
    let url = null;
    const closed = new Promise((done) => child.on("close", (code, signal) => done({ code, signal })));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npx lpkit-emulator ${args.join(" ")}: not ready in 30 s\n${output}`));
    }, 30_000);
    const stop = async () => {
      child.kill("SIGTERM");
      const { code, signal } = await closed;
      if (code !== 0 && signal !== "SIGTERM") {
        throw new Error(
          `npx lpkit-emulator ${args.join(" ")} did not stop cleanly (${code ?? signal})\n${output}`,
        );
      }
    };
    const onData = (chunk) => {
      output += chunk;
      const found = /"url":"(https?:[^"]+)"|(https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (url === null && found) {
        url = found[1] ?? found[2];
        clearTimeout(timer);
        resolve({ url, output: () => output, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    closed.then(({ code, signal }) => {
      clearTimeout(timer);
      if (url === null) {
        reject(new Error(`npx lpkit-emulator ${args.join(" ")} exited ${code ?? signal}\n${output}`));
      }
    });
  });
}

/** Sends a README `curl` line's request to `base` (the running emulator) and requires a 2xx. */
export async function sendCurl(args, base) {
  const request = curlRequest(args);
  const url = new URL(request.url);
  const target = new URL(`${url.pathname}${url.search}`, base);
  const response = await fetch(target, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`curl ${args.join(" ")}: ${response.status} ${text.slice(0, 200)}`);
  }
}
