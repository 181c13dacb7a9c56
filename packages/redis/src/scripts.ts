/**
 * The Lua scripts. Each touches one key (so Redis Cluster needs no hash tag) and runs atomically.
 *
 * Entry layout every store here writes: `<tag>.<expiresAt>.<body>` — `tag` says what it is (`t1`
 * token, `c1` cache entry, `b1` back-off record), `expiresAt` is the entry's own expiry in ms since
 * the epoch (a token's JWT `exp`: minted on Sentinel's clock, so comparing two tokens' `expiresAt`
 * needs no agreement between the writers' clocks), and `body` is `p.<plain text>` or
 * `e.<key id>.<iv>.<ciphertext>`. Scripts read only the tag, the expiry and the body's first field.
 *
 * @module
 */

/**
 * A Lua script run with `EVALSHA` (its SHA-1 computed once, with WebCrypto) and `EVAL` on `NOSCRIPT`.
 *
 * @example
 * ```ts
 * const ping: LuaScript = { name: "ping", source: "return redis.call('PING')" };
 * await redis.script("ping", ping, [], []);
 * ```
 */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
}

const shas = new WeakMap<LuaScript, Promise<string>>();

/** The script's SHA-1 in hex, as `EVALSHA` wants it. */
export function scriptSha(script: LuaScript): Promise<string> {
  let sha = shas.get(script);
  if (!sha) {
    sha = crypto.subtle
      .digest("SHA-1", new TextEncoder().encode(script.source))
      .then((d) => [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join(""));
    shas.set(script, sha);
  }
  return sha;
}

/**
 * Reads an entry and its `PTTL` in one step. `ARGV[1]` = the largest value accepted, in bytes.
 * Answers `{0}` (none), `{-1, type}` (not a string: deleted), `{-2}` (oversized: deleted) or
 * `{1, value, pttl}`.
 */
export const READ_ENTRY: LuaScript = {
  name: "lpkit-read-entry",
  source: `local t = redis.call('TYPE', KEYS[1]).ok
if t == 'none' then return {0} end
if t ~= 'string' then redis.call('DEL', KEYS[1]) return {-1, t} end
if redis.call('STRLEN', KEYS[1]) > tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) return {-2} end
return {1, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`,
};

/**
 * Writes `ARGV[1]` with `PX ARGV[2]` unless the entry there is readable by this writer and lasts at
 * least as long. `ARGV[3]` = the tag; `ARGV[4]` = the new entry's expiry, compared with the stored
 * one's, or `pttl` to compare the stored `PTTL` with `ARGV[2]`; `ARGV[5..]` = the body prefixes this
 * writer can read (`p.`, `e.<key id>.`). Anything else there — garbage, another tag, an unknown key
 * id, no TTL, a hash — is replaced. Answers 1 (written) or 0 (kept the longer entry).
 */
export const WRITE_LONGER: LuaScript = {
  name: "lpkit-write-longer",
  source: `local t = redis.call('TYPE', KEYS[1]).ok
if t == 'string' then
  local cur = redis.call('GET', KEYS[1])
  local tag, exp, body = string.match(cur, '^(%w+)%.(%d+)%.(.*)$')
  local pttl = redis.call('PTTL', KEYS[1])
  if tag == ARGV[3] and pttl > 0 then
    for i = 5, #ARGV do
      if string.sub(body, 1, #ARGV[i]) == ARGV[i] then
        if ARGV[4] == 'pttl' then
          if pttl >= tonumber(ARGV[2]) then return 0 end
        elseif tonumber(exp) >= tonumber(ARGV[4]) then
          return 0
        end
        break
      end
    end
  end
elseif t ~= 'none' then
  redis.call('DEL', KEYS[1])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
};

/** Deletes the key only while it holds exactly `ARGV[1]`. Answers 1 or 0. */
export const DELETE_IF: LuaScript = {
  name: "lpkit-delete-if",
  source: `if redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`,
};

/** Sets `PEXPIRE ARGV[2]` only while the key holds exactly `ARGV[1]`. Answers 1 or 0. */
export const EXTEND_IF: LuaScript = {
  name: "lpkit-extend-if",
  source: `if redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`,
};
