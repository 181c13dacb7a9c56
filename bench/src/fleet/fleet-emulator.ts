/**
 * The fleet's emulator, in a process of its own: TLS on port 443 and plain HTTP on port 80 of a
 * loopback address of its own (`FLEET_EMULATOR` JSON: `ip`, `tokenTtlSec`, `tokensPerMinute`), as the
 * official client needs (see `../emulator-main.ts`). Driven over IPC: counters, fault rules, stop.
 *
 * @module
 */
import { createEmulator, type FaultRule } from "@lpkit/emulator";
import type { FleetCounters } from "./fleet-host.js";

/** Parent → emulator process. */
export type EmulatorControl =
  | { readonly type: "counters" }
  | { readonly type: "fault"; readonly rule: FaultRule }
  | { readonly type: "clear-faults" }
  | { readonly type: "reset" }
  | { readonly type: "stop" };

/** Emulator process → parent. */
export type EmulatorAnswer =
  | { readonly type: "ready"; readonly url: string; readonly ca: string }
  | { readonly type: "counters"; readonly counters: FleetCounters }
  | { readonly type: "done" }
  | { readonly type: "error"; readonly message: string };

const send = (answer: EmulatorAnswer) => process.send?.(answer);

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.FLEET_EMULATOR ?? "{}") as {
    ip: string;
    tokenTtlSec: number;
    tokensPerMinute?: number;
  };
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(settings.ip)) {
    throw new Error("FLEET_EMULATOR.ip must be a loopback address");
  }
  const emulator = createEmulator({
    tls: true,
    host: settings.ip,
    port: 443,
    tokenTtlSec: settings.tokenTtlSec,
    tokensPerMinute: settings.tokensPerMinute,
  });
  await emulator.start();
  await emulator.listen({ port: 80, tls: false });
  process.on("message", (control: EmulatorControl) => {
    switch (control.type) {
      case "counters": {
        const stats = emulator.stats();
        const route = (name: "sentinel.token.v1" | "sentinel.token.v2" | "faasgw.invoke") =>
          stats.requests.byRoute[name];
        const invoke = route("faasgw.invoke");
        send({
          type: "counters",
          counters: {
            tokenRequests:
              (route("sentinel.token.v1")?.total ?? 0) + (route("sentinel.token.v2")?.total ?? 0),
            tokensIssued: stats.tokens.issued,
            rateLimited: stats.tokens.rateLimited,
            invokes: invoke?.total ?? 0,
            invokesRefused: invoke?.byStatus["401"] ?? 0,
          },
        });
        break;
      }
      case "fault":
        emulator.fault(control.rule);
        send({ type: "done" });
        break;
      case "clear-faults":
        emulator.clearFaults();
        send({ type: "done" });
        break;
      case "reset":
        emulator.resetStats();
        send({ type: "done" });
        break;
      case "stop":
        void emulator.stop().then(() => {
          send({ type: "done" });
          process.disconnect?.();
        });
        break;
    }
  });
  process.on("disconnect", () => {
    void emulator.stop().finally(() => process.exit(0));
  });
  send({ type: "ready", url: emulator.url, ca: emulator.ca ?? "" });
}

main().catch((error: unknown) => {
  send({
    type: "error",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  process.exitCode = 1;
});
