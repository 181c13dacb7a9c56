/**
 * Heap growth, against nginx (the warm path; the emulator would only make it slower; a quick run
 * without nginx uses the emulator): per contender
 * a fresh `--expose-gc` worker warms up, then runs the invokes and reads the heap after forced GC at
 * every checkpoint. Heap after a full GC is not a timing
 * figure, so the contenders' workers run at the same time (sharing the CPUs only makes them slower).
 *
 * @module
 */
import type { Plan } from "../plan.js";
import type { HeapCheckpoint } from "../protocol.js";
import type { BenchServers } from "../servers.js";
import { startWorker } from "../worker-host.js";
import type { ContenderId } from "../workload.js";

/**
 * Runs the heap measurement of `plan`: `heapRepetitions` rounds, each with one worker per contender,
 * all contenders of a round in parallel.
 *
 * @example
 * ```ts
 * const heap = await measureHeapGrowth(["lpkit", "official"], servers, FULL_PLAN);
 * ```
 */
export async function measureHeapGrowth(
  contenders: readonly ContenderId[],
  servers: BenchServers,
  plan: Plan,
  log: (line: string) => void = () => {},
): Promise<Record<ContenderId, HeapCheckpoint[][]>> {
  const out = Object.fromEntries(contenders.map((id) => [id, [] as HeapCheckpoint[][]])) as Record<
    ContenderId,
    HeapCheckpoint[][]
  >;
  for (let rep = 0; rep < plan.heapRepetitions; rep++) {
    await Promise.all(
      contenders.map(async (id) => {
        const worker = await startWorker(id, servers.env.nginx ?? servers.env.emulator, { exposeGc: true });
        try {
          out[id].push(
            await worker.heap({
              warmup: plan.heapWarmupInvokes,
              total: plan.heapInvokes,
              checkpointEvery: plan.heapCheckpointEvery,
              concurrency: plan.heapConcurrency,
            }),
          );
        } finally {
          await worker.close();
        }
        log(`heap ${id} ${rep + 1}/${plan.heapRepetitions}`);
      }),
    );
  }
  return out;
}
