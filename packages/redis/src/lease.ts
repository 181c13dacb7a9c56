/**
 * Leases: `SET <key> <random id> NX PX <ttl>` to take one, a compare-and-delete script to release
 * it and a compare-and-`PEXPIRE` script to extend it, so a holder whose lease lapsed can never free
 * or stretch the next holder's. A `SET NX` that missed its deadline but ran later would leave a
 * lease nobody holds; when its late "OK" arrives it is released at once.
 *
 * @module
 */
import type { TokenLease } from "@lpkit/auth";
import { assertWholeNumber, describeAs } from "@lpkit/core/internal";
import type { RedisConnection } from "./connection.js";
import { toBase64Url } from "./encryption.js";
import { DELETE_IF, EXTEND_IF } from "./scripts.js";

/**
 * Tries to take the lease at `leaseKey` for `ttlMs`; `undefined` when someone else holds it.
 *
 * @example
 * ```ts
 * const lease = await createLease(redis, "lpkit:token:1:…:lease", 3_000, 600_000);
 * ```
 */
export async function createLease(
  redis: RedisConnection,
  leaseKey: string,
  ttlMs: number,
  maxMs: number,
): Promise<TokenLease | undefined> {
  const ms = assertWholeNumber(ttlMs, "ttlMs", 1, maxMs);
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(20)));
  const undo = () => {
    redis.script("lease-cleanup", DELETE_IF, [leaseKey], [id], { bypassBreaker: true }).catch(() => {});
  };
  const reply = await redis.command("lease", ["SET", leaseKey, id, "NX", "PX", String(ms)], {
    onLateReply: (late) => {
      if (late === "OK") {
        undo();
      }
    },
  });
  if (reply !== "OK") {
    return undefined;
  }
  const lease: TokenLease = {
    async release() {
      return (await redis.script("release", DELETE_IF, [leaseKey], [id])) === 1;
    },
    async extend(extendMs) {
      const next = assertWholeNumber(extendMs, "ttlMs", 1, maxMs);
      return (await redis.script("extend", EXTEND_IF, [leaseKey], [id, String(next)])) === 1;
    },
  };
  return describeAs(lease, () => ({ kind: "RedisLease", key: leaseKey }));
}
