/**
 * The answer's headers as a transport hands them to lpkit: a `get(name)` over undici's raw header
 * list, parsed only when a client first asks (the hot path of a successful invoke asks nothing).
 *
 * @module
 */

/** Leading and trailing spaces and tabs removed, as `Headers` normalises a value. */
function trimmed(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first === 32 || first === 9 || last === 32 || last === 9
    ? value.replace(/^[\t ]+|[\t ]+$/g, "")
    : value;
}

/**
 * Read-only headers over undici's raw `[name, value, name, value, …]` list: names are matched
 * case-insensitively, repeated fields are joined with `", "` as `Headers#get` joins them.
 *
 * @example
 * ```ts
 * const headers = new RawHeaders([Buffer.from("Retry-After"), Buffer.from("2")]);
 * headers.get("retry-after"); // "2"
 * ```
 */
export class RawHeaders {
  readonly #raw: readonly (Buffer | string)[];
  #parsed: Map<string, string> | undefined;

  constructor(raw: readonly (Buffer | string)[]) {
    this.#raw = raw;
  }

  /** The value of `name`, or `null` when the answer has no such header. */
  get(name: string): string | null {
    if (this.#parsed === undefined) {
      const parsed = new Map<string, string>();
      const raw = this.#raw;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = String(raw[i]).toLowerCase();
        // Header values are bytes; latin1 keeps every byte as one character, as `Headers` does.
        const item = raw[i + 1] as Buffer | string;
        const value = trimmed(typeof item === "string" ? item : item.toString("latin1"));
        const previous = parsed.get(key);
        parsed.set(key, previous === undefined ? value : `${previous}, ${value}`);
      }
      this.#parsed = parsed;
    }
    return this.#parsed.get(name.toLowerCase()) ?? null;
  }

  /** Every header as `[name, value]`, lower-case names, repeated fields joined. */
  *entries(): IterableIterator<[string, string]> {
    this.get("");
    yield* (this.#parsed as Map<string, string>).entries();
  }
}
