/**
 * Work due at a time of the **emulator clock**: webhook retries (30 s apart, or 2, 4, 8 s … under
 * the TTL policy), delayed and reordered deliveries. A task runs when the clock reaches its time —
 * at once when a test moves the clock (`emulator.clock.advance(30_000)`), or when real time gets
 * there on a clock that follows `Date.now` (one unref'd timer for the earliest task).
 *
 * @module
 */

interface Task {
  readonly dueAt: number;
  readonly run: () => void;
}

/** The scheduler of one emulator. */
export class ClockScheduler {
  readonly #now: () => number;
  #tasks: Task[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Runs `run` once the emulator clock reaches `dueAt`. */
  at(dueAt: number, run: () => void): void {
    if (this.#stopped) {
      return;
    }
    const task = { dueAt, run };
    const index = this.#tasks.findIndex((t) => t.dueAt > dueAt);
    if (index === -1) {
      this.#tasks.push(task);
    } else {
      this.#tasks.splice(index, 0, task);
    }
    this.#arm();
  }

  /** Runs every task that is due; call after the clock moved. */
  tick(): void {
    const now = this.#now();
    while (this.#tasks.length > 0 && (this.#tasks[0] as Task).dueAt <= now) {
      const task = this.#tasks.shift() as Task;
      try {
        task.run();
      } catch {
        // a failing task must not stop the others
      }
    }
    this.#arm();
  }

  /** Tasks waiting. */
  get pending(): number {
    return this.#tasks.length;
  }

  /** The time of the earliest waiting task, if any. */
  get nextAt(): number | undefined {
    return this.#tasks[0]?.dueAt;
  }

  /** Drops every task (the emulator stopped). */
  stop(): void {
    this.#stopped = true;
    this.#tasks = [];
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Accepts tasks again (the emulator started again). */
  resume(): void {
    this.#stopped = false;
  }

  #arm(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const next = this.#tasks[0];
    if (next === undefined || this.#stopped) {
      return;
    }
    const wait = Math.min(Math.max(0, next.dueAt - this.#now()), 2_147_000_000);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.tick();
    }, wait);
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
