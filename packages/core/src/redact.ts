/**
 * Secret hygiene. {@link redact} removes every known secret from a text — verbatim, URL-, form-,
 * JSON- and base64-encoded (at every byte alignment), any fragment of 8 or more characters of it,
 * and anything shaped like a JWT. {@link redactSnippet} redacts *before* it shortens, so a secret
 * that straddles the cut can never survive in part. {@link hideSecrets} makes objects that hold
 * secrets print `[REDACTED]` and keeps the secret out of `Object.values` and spreads.
 *
 * `REDACTED` is exported from `@lpkit/core`; the rest from `@lpkit/core/internal`.
 *
 * @module
 */
import { setOwn } from "./own-keys.js";

/**
 * What a secret looks like wherever lpkit prints it.
 *
 * @example
 * ```ts
 * if (message.includes(REDACTED)) console.log("a secret was removed from this message");
 * ```
 */
export const REDACTED = "[REDACTED]";

/** Node's `util.inspect` hook, reached through the global symbol registry (no `node:` import). */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** Fragments of a secret at least this long are redacted wherever they appear. */
export const MIN_FRAGMENT_LENGTH = 8;

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)$/;

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/**
 * The base64 text of `secret` wherever it sits in a longer base64-encoded value: for each of the three
 * byte alignments, the characters that depend on the secret's bytes alone.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const out: string[] = [];
  for (let align = 0; align < 3; align++) {
    const padded = new Uint8Array(align + bytes.length);
    padded.set(bytes, align);
    const encoded = base64(padded);
    const end = Math.floor(padded.length / 3) * 4;
    const core = encoded.slice(align === 0 ? 0 : 4, end);
    if (core.length >= MIN_FRAGMENT_LENGTH) {
      out.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return out;
}

/**
 * Every spelling under which a secret may come back in a server's answer: verbatim, form-encoded,
 * percent-encoded, JSON-escaped, and base64 / base64url at the three byte alignments.
 *
 * @example
 * ```ts
 * secretForms("a b&c").slice(0, 3); // ["a b&c", "a+b%26c", "a%20b%26c"]
 * ```
 */
export function secretForms(secret: string): string[] {
  const forms = [
    secret,
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    ...base64Cores(secret),
  ];
  return [...new Set(forms)].filter((form) => form.length >= 4);
}

/** The texts whose every 8-character fragment is redacted: a JWT's signature, else the secret and its URL/form forms. */
function fragmentSources(secret: string): string[] {
  const signature = COMPACT_JWS.exec(secret)?.[1];
  if (signature !== undefined) {
    return [signature];
  }
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
}

function replaceAll(text: string, needle: string): string {
  return text.includes(needle) ? text.split(needle).join(REDACTED) : text;
}

/** Replaces every run of 8 or more characters that also occurs in one of `sources`. */
function redactFragments(text: string, sources: readonly string[]): string {
  const grams = new Set<string>();
  for (const source of sources) {
    for (let i = 0; i + MIN_FRAGMENT_LENGTH <= source.length; i++) {
      grams.add(source.slice(i, i + MIN_FRAGMENT_LENGTH));
    }
  }
  if (grams.size === 0 || text.length < MIN_FRAGMENT_LENGTH) {
    return text;
  }
  let out = "";
  let copied = 0;
  let i = 0;
  while (i + MIN_FRAGMENT_LENGTH <= text.length) {
    if (!grams.has(text.slice(i, i + MIN_FRAGMENT_LENGTH))) {
      i++;
      continue;
    }
    // Extend the match while the next window is a fragment too.
    let end = i + MIN_FRAGMENT_LENGTH;
    while (end < text.length && grams.has(text.slice(end - MIN_FRAGMENT_LENGTH + 1, end + 1))) {
      end++;
    }
    out += text.slice(copied, i) + REDACTED;
    copied = end;
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Removes every given secret — in every encoded form and as any fragment of 8 or more characters —
 * and every JWT-shaped string from `text`.
 *
 * @example
 * ```ts
 * redact("client_secret=s3cr3t-value&x=1", ["s3cr3t-value"]); // "client_secret=[REDACTED]&x=1"
 * redact("…3cr3t-val…", ["s3cr3t-value"]);                      // "…[REDACTED]…"
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const sources: string[] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < 4) {
      continue;
    }
    for (const form of secretForms(secret)) {
      out = replaceAll(out, form);
    }
    if (secret.length >= MIN_FRAGMENT_LENGTH) {
      sources.push(...fragmentSources(secret));
    }
  }
  out = out.replace(JWT_SHAPED, REDACTED);
  return sources.length === 0 ? out : redactFragments(out, sources);
}

/**
 * A short, single-line excerpt of `text` for an error message: redacted first, then whitespace
 * folded and cut at `max` characters.
 *
 * @example
 * ```ts
 * redactSnippet("<html>…secret…</html>", [secret], 120);
 * ```
 */
export function redactSnippet(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  max = 200,
): string {
  const flat = redact(text, secrets).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Makes the listed properties of `target` non-enumerable (so spreads, `Object.values` and
 * `Object.entries` skip them) and makes `target` print them as `[REDACTED]` under `util.inspect`,
 * `console.log` and `JSON.stringify`, while code can still read them. Returns `target`.
 *
 * @example
 * ```ts
 * const token = hideSecrets({ accessToken: "eyJ…", expiresAt: 1700000000000 }, ["accessToken"]);
 * console.log(token);            // { accessToken: '[REDACTED]', expiresAt: 1700000000000 }
 * token.accessToken;             // "eyJ…"
 * Object.values(token);          // [1700000000000]
 * ```
 */
export function hideSecrets<T extends object>(target: T, keys: readonly (keyof T & string)[]): T {
  const order = Object.keys(target);
  const hidden = new Set<string>(keys);
  for (const key of keys) {
    Object.defineProperty(target, key, { enumerable: false });
  }
  const view = () => {
    const copy: Record<string, unknown> = {};
    for (const key of order) {
      const value = (target as Record<string, unknown>)[key];
      setOwn(copy, key, hidden.has(key) && value !== undefined ? REDACTED : value);
    }
    return copy;
  };
  return describeAs(target, view);
}

/**
 * Makes `target` print as `view()` under `util.inspect` / `console.log` and `JSON.stringify`, so an
 * object holding secrets (in fields or closures) shows only what is safe. Returns `target`.
 *
 * @example
 * ```ts
 * const manager = describeAs({ getToken }, () => ({ kind: "TokenManager", accountId }));
 * JSON.stringify(manager); // {"kind":"TokenManager","accountId":"12345678"}
 * ```
 */
export function describeAs<T extends object>(target: T, view: () => Record<string, unknown>): T {
  Object.defineProperties(target, {
    toJSON: { value: view, enumerable: false },
    [inspectSymbol]: {
      value: (_depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) =>
        inspect ? inspect(view(), options) : view(),
      enumerable: false,
    },
  });
  return target;
}
