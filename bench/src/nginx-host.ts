/**
 * The second target of the warm figures: Debian's `nginx` on a loopback address of its own (ports
 * 443 with a throwaway certificate, and 80), answering the Domain API lookup and every invoke with
 * fixed bodies. It costs a few microseconds per request, so against it the figures measure the
 * client, not the server. Installed with apt-get when missing (as root); started and stopped here.
 *
 * @module
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { generateCertificates } from "@lpkit/emulator";

/** A running nginx. */
export interface NginxHost {
  /** Its loopback address (ports 443 and 80). */
  readonly ip: string;
  /** The throwaway CA its certificate is signed by (PEM). */
  readonly ca: string;
  /** CPU time (user + system, µs) the nginx process has used so far. */
  cpuUs(): number;
  stop(): Promise<void>;
}

/** What nginx answers. */
export interface NginxAnswers {
  /** Body of `GET /api/account/{accountId}/service/baseURI.json` (the Domain API list). */
  readonly domainList: string;
  /** Body of every `POST …/invoke`. */
  readonly invokeBody: string;
}

const CANDIDATES = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where nginx is: `LPKIT_NGINX`, else PATH, else Debian's places. */
export function locateNginx(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LPKIT_NGINX) {
    return executable(env.LPKIT_NGINX) ? env.LPKIT_NGINX : undefined;
  }
  const onPath = (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "nginx"));
  return [...onPath, ...CANDIDATES].find(executable);
}

/**
 * The nginx binary, installed from Debian (`apt-get install nginx`) when missing and this
 * process is root (unless `LPKIT_SYSTEM_NO_INSTALL=1`, as for scripts/check-system.mjs); otherwise
 * an error saying what to install.
 *
 * @example
 * ```ts
 * const nginx = ensureNginx((line) => console.error(line));
 * ```
 */
export function ensureNginx(
  log: (line: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const found = locateNginx(env);
  if (found) {
    return found;
  }
  if (env.LPKIT_NGINX) {
    throw new Error(`LPKIT_NGINX=${env.LPKIT_NGINX} is not an executable`);
  }
  const root = process.getuid?.() === 0;
  if (
    env.LPKIT_SYSTEM_NO_INSTALL === "1" ||
    !root ||
    spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0
  ) {
    throw new Error(
      "nginx is not installed (run `apt-get install -y nginx` as root, or set LPKIT_NGINX to its path)",
    );
  }
  log("nginx is missing: installing Debian's nginx");
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "nginx"], {
      stdio: "ignore",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  if (!install()) {
    execFileSync("apt-get", ["update"], { stdio: "ignore" });
    if (!install()) {
      throw new Error("nginx is not installed and `apt-get install -y nginx` failed");
    }
  }
  const installed = locateNginx(env);
  if (!installed) {
    throw new Error("nginx was installed but is not on PATH or in /usr/sbin");
  }
  return installed;
}

/** A string literal of nginx's configuration language. */
function quoted(text: string): string {
  if (/[$]/.test(text)) {
    throw new Error("nginx answers must not contain `$` (nginx would read it as a variable)");
  }
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function config(dir: string, ip: string, answers: NginxAnswers): string {
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  server_tokens off;
  default_type application/json;
  server {
    listen ${ip}:443 ssl;
    listen ${ip}:80;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:lpkitbench:1m;
    location ~ ^/api/account/[^/]+/service/baseURI\\.json$ { return 200 ${quoted(answers.domainList)}; }
    location ~ /invoke$ { return 200 ${quoted(answers.invokeBody)}; }
    location / { return 404 '{"error":"not found"}'; }
  }
}
`;
}

/** Resolves once `ip:port` accepts a connection; rejects after `timeoutMs` or when `child` exits. */
async function listening(ip: string, port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nginx exited (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: ip, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${ip}:${port} within ${timeoutMs} ms`);
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU of process `pid` in µs, from /proc (clock-tick resolution). */
function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

/**
 * Starts nginx on `ip` (ports 443 and 80) in a single process of its own, serving `answers`.
 *
 * @example
 * ```ts
 * const nginx = await startNginxHost(workDir, "127.91.2.3", { domainList, invokeBody });
 * await nginx.stop();
 * ```
 */
export async function startNginxHost(
  workDir: string,
  ip: string,
  answers: NginxAnswers,
  log: (line: string) => void = () => {},
): Promise<NginxHost> {
  const binary = ensureNginx(log);
  const dir = join(workDir, "nginx");
  await mkdir(join(dir, "tmp"), { recursive: true });
  const { ca, cert, key } = await generateCertificates([ip], {
    // Its own CA name: contenders trust both this CA and the emulator's.
    caName: "lpkit bench nginx CA (throwaway)",
  });
  await writeFile(join(dir, "cert.pem"), cert);
  await writeFile(join(dir, "key.pem"), key, { mode: 0o600 });
  await writeFile(join(dir, "nginx.conf"), config(dir, ip, answers));
  const child = spawn(binary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await listening(ip, 443, child, 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    const errors = await readFile(join(dir, "error.log"), "utf8").catch(() => "");
    throw new Error(`${(error as Error).message}: ${(stderr + errors).trim().slice(0, 500)}`);
  }
  const pid = child.pid as number;
  return {
    ip,
    ca,
    cpuUs: () => processCpuUs(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
