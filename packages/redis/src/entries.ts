/**
 * The entry layer every store here is built on: read an entry with its `PTTL` (deleting anything
 * unreadable instead of serving it), write it plainly or only if it outlives the stored one,
 * delete it, or delete it only while it still holds a given value. See `scripts.ts` for the layout.
 *
 * @module
 */
import type { AuthLogger } from "@lpkit/auth";
import { InvalidArgumentError, StoreError } from "@lpkit/core";
import type { RedisConnection } from "./connection.js";
import type { BodyCodec } from "./encryption.js";
import { DELETE_IF, READ_ENTRY, WRITE_LONGER } from "./scripts.js";

/** What a read found. */
export interface StoredEntry {
  /** The body, decrypted. */
  readonly text: string;
  /** The expiry the writer recorded, in ms since the epoch. */
  readonly expiresAt: number;
  /** `PTTL` at the time of the read; `undefined` when the key has no TTL. */
  readonly ttlMs: number | undefined;
  /** The raw value, for compare-and-delete. */
  readonly raw: string;
}

/** Why an entry was deleted instead of served. */
export type PoisonReason =
  | "not-a-string"
  | "oversized"
  | "malformed"
  | "unknown-key"
  | "undecryptable"
  | "plain-text-while-encrypted"
  | "invalid-content";

/** How {@link Entries.write} treats an entry already there. */
export type WriteMode = "replace" | "keep-later-expiry" | "keep-longer-ttl";

/** The entry operations of one kind of record (`tag`). */
export interface Entries {
  read(operation: string, key: string): Promise<StoredEntry | undefined>;
  write(
    operation: string,
    key: string,
    text: string,
    expiresAt: number,
    px: number,
    mode: WriteMode,
  ): Promise<boolean>;
  remove(operation: string, key: string): Promise<boolean>;
  removeIf(operation: string, key: string, raw: string): Promise<boolean>;
  /** Deletes an entry whose content turned out unusable (compare-and-delete on `raw`). */
  discard(key: string, raw: string, reason: PoisonReason): Promise<void>;
}

/** Settings of {@link createEntries}. */
export interface EntriesSettings {
  readonly redis: RedisConnection;
  readonly tag: "t1" | "c1" | "b1";
  readonly codec: BodyCodec;
  readonly maxBytes: number;
  readonly logger: AuthLogger | undefined;
}

/**
 * A store key: a non-empty string of at most 1024 characters without whitespace or control
 * characters (so it prints and logs cleanly). Returns it.
 *
 * @example
 * ```ts
 * const k = `${prefix}${assertStoreKey(key)}`;
 * ```
 */
export function assertStoreKey(key: unknown, name = "key"): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 1024 || /[\s\p{Cc}]/u.test(key)) {
    throw new InvalidArgumentError(
      name,
      "expected a non-empty key of at most 1024 characters, no whitespace",
    );
  }
  return key;
}

const LAYOUT = /^([A-Za-z0-9]+)\.(\d{1,16})\.(.*)$/s;

function protocolError(operation: string): StoreError {
  return new StoreError(`Redis answered \`${operation}\` with a reply of an unexpected shape`, {
    reason: "protocol",
    operation,
  });
}

/**
 * Creates the entry operations for records tagged `settings.tag`.
 *
 * @example
 * ```ts
 * const entries = createEntries({ redis, tag: "c1", codec: PLAIN_CODEC, maxBytes: 65_536, logger });
 * ```
 */
export function createEntries(settings: EntriesSettings): Entries {
  const { redis, tag, codec, maxBytes } = settings;
  const warn = (message: string, fields: Record<string, unknown>) => {
    try {
      settings.logger?.warn?.(message, fields);
    } catch {
      // A broken logger must not break the store.
    }
  };
  const aad = (key: string, expiresAt: number) => `${key}|${tag}.${expiresAt}`;

  const removeIf = async (operation: string, key: string, raw: string) =>
    (await redis.script(operation, DELETE_IF, [key], [raw])) === 1;

  const discard = async (key: string, raw: string, reason: PoisonReason) => {
    warn("@lpkit/redis: deleted an unreadable entry instead of using it", { key, reason });
    await removeIf("delete-unreadable", key, raw);
  };

  const classify = (body: string): PoisonReason => {
    if (body.startsWith("e.")) {
      return codec.readable.some((p) => body.startsWith(p)) ? "undecryptable" : "unknown-key";
    }
    return body.startsWith("p.") && codec.readable[0] !== "p." ? "plain-text-while-encrypted" : "malformed";
  };

  const read = async (operation: string, key: string): Promise<StoredEntry | undefined> => {
    const reply = await redis.script(operation, READ_ENTRY, [key], [String(maxBytes)]);
    if (!Array.isArray(reply)) {
      throw protocolError(operation);
    }
    const [status, value, pttl] = reply as readonly unknown[];
    if (status === 0) {
      return undefined;
    }
    if (status === -1 || status === -2) {
      warn("@lpkit/redis: deleted an unreadable entry instead of using it", {
        key,
        reason: status === -1 ? "not-a-string" : "oversized",
      });
      return undefined;
    }
    if (status !== 1 || typeof value !== "string" || typeof pttl !== "number") {
      throw protocolError(operation);
    }
    const match = LAYOUT.exec(value);
    if (!match || match[1] !== tag) {
      await discard(key, value, "malformed");
      return undefined;
    }
    const expiresAt = Number(match[2]);
    const body = match[3]!;
    const text = await codec.open(body, aad(key, expiresAt));
    if (text === undefined) {
      await discard(key, value, classify(body));
      return undefined;
    }
    return { text, expiresAt, ttlMs: pttl >= 0 ? pttl : undefined, raw: value };
  };

  const write: Entries["write"] = async (operation, key, text, expiresAt, px, mode) => {
    const exp = Math.max(0, Math.floor(expiresAt));
    const value = `${tag}.${exp}.${await codec.seal(text, aad(key, exp))}`;
    if (new TextEncoder().encode(value).byteLength > maxBytes) {
      throw new StoreError(`the value for \`${operation}\` is larger than ${maxBytes} bytes`, {
        reason: "protocol",
        operation,
      });
    }
    const ttl = String(Math.max(1, Math.ceil(px)));
    if (mode === "replace") {
      return (await redis.command(operation, ["SET", key, value, "PX", ttl])) === "OK";
    }
    const compare = mode === "keep-later-expiry" ? String(exp) : "pttl";
    const reply = await redis.script(
      operation,
      WRITE_LONGER,
      [key],
      [value, ttl, tag, compare, ...codec.readable],
    );
    if (reply !== 0 && reply !== 1) {
      throw protocolError(operation);
    }
    return reply === 1;
  };

  return {
    read,
    write,
    async remove(operation, key) {
      const reply = await redis.command(operation, ["DEL", key]);
      return typeof reply === "number" && reply > 0;
    },
    removeIf,
    discard,
  };
}
