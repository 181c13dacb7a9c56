/**
 * A worker process: runs one contender and executes the orchestrator's measurement commands. It is
 * started with `--import dns-guard.js` (and `--expose-gc` for the heap figure) and talks only to the
 * emulator. Between commands it is idle; during one it does nothing but invoke.
 *
 * @module
 */
import { loadContender } from "./contenders/index.js";
import type { Contender } from "./contenders/types.js";
import { measureBurst, measureHeap, measureLatency, measureThroughput } from "./measure/loops.js";
import type { WorkerCommand, WorkerReply } from "./protocol.js";
import { benchEnvFromProcess } from "./workload.js";

let contender: Contender | undefined;

function send(reply: WorkerReply): Promise<void> {
  return new Promise((resolve) => {
    process.send?.(reply, undefined, undefined, () => resolve());
  });
}

function ready(): Contender {
  if (!contender) {
    throw new Error("worker: no contender set up");
  }
  return contender;
}

async function handle(command: WorkerCommand): Promise<WorkerReply | undefined> {
  switch (command.type) {
    case "setup": {
      const create = await loadContender(command.contender);
      contender = await create(benchEnvFromProcess());
      return { type: "ready" };
    }
    case "latency":
      return { type: "latency", samplesMs: await measureLatency(ready(), command.count) };
    case "warmup":
    case "throughput":
      return {
        type: "throughput",
        sample: await measureThroughput(ready(), command.concurrency, command.durationMs),
      };
    case "burst":
      return { type: "burst", sample: await measureBurst(ready(), command.count) };
    case "heap":
      return { type: "heap", checkpoints: await measureHeap(ready(), command) };
    case "exit":
      process.disconnect?.();
      return undefined;
  }
}

// Commands are handled strictly one after another.
let queue: Promise<void> = Promise.resolve();
process.on("message", (command: WorkerCommand) => {
  queue = queue.then(async () => {
    let reply: WorkerReply | undefined;
    try {
      reply = await handle(command);
    } catch (error) {
      reply = {
        type: "error",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    if (reply) {
      await send(reply);
    }
  });
});
process.on("disconnect", () => process.exit(0));
