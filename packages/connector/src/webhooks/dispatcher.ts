/**
 * Runs the user's callbacks after the delivery was answered: one conversation's events strictly in
 * the order they were accepted, different conversations side by side up to a concurrency limit,
 * never more than a bounded number waiting.
 *
 * @module
 */

interface Job {
  readonly run: () => Promise<void>;
  readonly done: () => void;
}

/** Per-conversation serial, globally bounded task runner. */
export class Dispatcher {
  readonly #queues = new Map<string, Job[]>();
  readonly #ready: string[] = [];
  readonly #concurrency: number;
  readonly #maxPending: number;
  #running = 0;
  #pending = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(concurrency: number, maxPending: number) {
    this.#concurrency = concurrency;
    this.#maxPending = maxPending;
  }

  /** Events accepted and not finished yet. */
  get pending(): number {
    return this.#pending;
  }

  /** Whether `count` more events fit. */
  canTake(count: number): boolean {
    return this.#pending + count <= this.#maxPending;
  }

  /** Queues `run` behind the earlier events of conversation `key`; resolves when it finished. */
  enqueue(key: string, run: () => Promise<void>): Promise<void> {
    return new Promise<void>((done) => {
      this.#pending++;
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ run, done });
        return;
      }
      this.#queues.set(key, [{ run, done }]);
      this.#ready.push(key);
      this.#schedule();
    });
  }

  /** Resolves once nothing is pending. */
  idle(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  // Callbacks start on a later task, never inside the delivery's own answer.
  #schedule(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      setTimeout(() => {
        this.#scheduled = false;
        this.#pump();
      }, 0);
    }
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#ready.length > 0) {
      const key = this.#ready.shift() as string;
      void this.#start(key);
    }
  }

  async #start(key: string): Promise<void> {
    const queue = this.#queues.get(key) as Job[];
    const job = queue[0] as Job;
    this.#running++;
    try {
      await job.run();
    } catch {
      // `run` reports its own failures; one failed event never stops its conversation's queue.
    } finally {
      queue.shift();
      this.#running--;
      this.#pending--;
      job.done();
      if (queue.length > 0) {
        this.#ready.push(key);
      } else {
        this.#queues.delete(key);
      }
      if (this.#pending === 0) {
        for (const resolve of this.#idle.splice(0)) {
          resolve();
        }
      }
      this.#pump();
    }
  }
}
