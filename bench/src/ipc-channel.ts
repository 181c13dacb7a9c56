/**
 * Request/answer over a child's IPC channel, one command at a time, with a time limit and a clear
 * error when the child dies.
 *
 * @module
 */
import type { ChildProcess } from "node:child_process";

/**
 * A channel to a forked child that answers each command with exactly one message.
 *
 * @example
 * ```ts
 * const channel = new IpcChannel<Command, Reply>(fork("worker.js"), "worker lpkit");
 * const reply = await channel.request({ type: "setup" }, 30_000);
 * ```
 */
export class IpcChannel<TCommand, TReply extends { type: string }> {
  readonly #child: ChildProcess;
  readonly #label: string;
  #waiting: { resolve: (reply: TReply) => void; reject: (error: Error) => void } | undefined;
  #buffered: TReply[] = [];
  #exited: Error | undefined;
  readonly exited: Promise<void>;

  constructor(child: ChildProcess, label: string) {
    this.#child = child;
    this.#label = label;
    child.on("message", (message: TReply) => {
      const waiting = this.#waiting;
      if (waiting) {
        this.#waiting = undefined;
        waiting.resolve(message);
      } else {
        this.#buffered.push(message);
      }
    });
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exited = new Error(`${label} exited (code ${code}, signal ${signal})`);
        this.#waiting?.reject(this.#exited);
        this.#waiting = undefined;
        resolve();
      });
    });
  }

  /** The child process. */
  get child(): ChildProcess {
    return this.#child;
  }

  /** Waits for the next message (one that arrived earlier is returned at once). */
  next(timeoutMs: number): Promise<TReply> {
    const early = this.#buffered.shift();
    if (early) {
      return Promise.resolve(early);
    }
    if (this.#exited) {
      return Promise.reject(this.#exited);
    }
    return new Promise<TReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`${this.#label}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Sends a command and waits for its answer; an `{ type: "error" }` answer rejects. */
  async request(command: TCommand, timeoutMs: number): Promise<TReply> {
    if (this.#exited) {
      throw this.#exited;
    }
    const answer = this.next(timeoutMs);
    this.#child.send(command as object);
    const reply = await answer;
    if (reply.type === "error") {
      throw new Error(`${this.#label}: ${(reply as { message?: string }).message ?? "failed"}`);
    }
    return reply;
  }

  /** Ends the child: disconnects, then kills it if it has not exited within `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    if (this.#exited) {
      return;
    }
    if (this.#child.connected) {
      this.#child.disconnect();
    }
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
