/**
 * The emulator's own process. It runs `@lpkit/emulator` with TLS on port 443 and plain HTTP on port
 * 80 of a loopback address of its own (`BENCH_EMULATOR_IP`, e.g. 127.83.17.4), because LivePerson's
 * official client can only reach `http://<Domain API>` on port 80 and `https://<host>` on port 443.
 * Keeping the emulator out of the measured process means a worker's CPU time is the client's alone.
 *
 * @module
 */
import { createEmulator, type EmulatorStats } from "@lpkit/emulator";
import type { EmulatorCommand, EmulatorCounters, EmulatorReply } from "./protocol.js";

function send(reply: EmulatorReply): void {
  process.send?.(reply);
}

/**
 * The counters the benchmark reports, from a stats snapshot.
 *
 * @example
 * ```ts
 * countersOf(emulator.stats()).tokenRequests;
 * ```
 */
export function countersOf(stats: EmulatorStats): EmulatorCounters {
  const route = (name: "sentinel.token.v1" | "sentinel.token.v2") => stats.requests.byRoute[name]?.total ?? 0;
  return {
    tokenRequests: route("sentinel.token.v1") + route("sentinel.token.v2"),
    tokensIssued: stats.tokens.issued,
    domainLookups: stats.domainLookups.total,
    invocations: stats.invocations.total,
    requests: stats.requests.total,
  };
}

async function main(): Promise<void> {
  const ip = process.env.BENCH_EMULATOR_IP ?? "";
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip)) {
    throw new Error("BENCH_EMULATOR_IP must be a loopback address");
  }
  const emulator = createEmulator({ tls: true, host: ip, port: 443 });
  await emulator.start();
  await emulator.listen({ port: 80, tls: false });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= emulator.stop();
    return stopping;
  };
  process.on("message", (message: EmulatorCommand) => {
    switch (message.type) {
      case "stats":
        send({ type: "stats", counters: countersOf(emulator.stats()) });
        break;
      case "reset":
        emulator.resetStats();
        send({ type: "reset" });
        break;
      case "cpu": {
        const usage = process.cpuUsage();
        send({ type: "cpu", cpuUs: usage.user + usage.system, atMs: performance.now() });
        break;
      }
      case "stop":
        void stop().then(() => {
          send({ type: "stopped" });
          process.disconnect?.();
        });
        break;
    }
  });
  process.on("disconnect", () => {
    void stop().finally(() => process.exit(0));
  });
  send({ type: "ready", url: emulator.url, ip, ca: emulator.ca ?? "", hosts: { ...emulator.hosts } });
}

main().catch((error: unknown) => {
  send({
    type: "error",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  process.exitCode = 1;
});
