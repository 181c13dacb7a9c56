/**
 * Small formatting helpers shared by the steps and the reporters.
 *
 * @module
 */

/**
 * A duration for people: `0.4 ms`, `12 ms`, `1.25 s`.
 *
 * @example
 * ```ts
 * formatMs(0.42); // "0.4 ms"
 * formatMs(1250); // "1.25 s"
 * formatMs(30_000); // "30 s"
 * ```
 */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) {
    return "n/a";
  }
  if (ms < 10) {
    return `${ms.toFixed(1)} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/**
 * A time (ms since the epoch) as ISO 8601 without milliseconds.
 *
 * @example
 * ```ts
 * formatTime(0); // "1970-01-01T00:00:00Z"
 * ```
 */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A value as compact JSON, cut to `max` characters.
 *
 * @example
 * ```ts
 * preview({ a: 1 });            // '{"a":1}'
 * preview("x".repeat(200), 10); // '"xxxxxxxx…'
 * ```
 */
export function preview(value: unknown, max = 100): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * `1 thing`, `2 things`: a count with its noun, plural when needed.
 *
 * @example
 * ```ts
 * plural(1, "lookup");      // "1 lookup"
 * plural(3, "lookup");      // "3 lookups"
 * plural(2, "was", "were"); // "2 were"
 * ```
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Rounds a duration to 0.1 ms for machine-readable output.
 *
 * @example
 * ```ts
 * roundMs(1.23456); // 1.2
 * ```
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Pads `rows` of cells into aligned columns (two spaces apart).
 *
 * @example
 * ```ts
 * table([["a", "1"], ["long", "2"]]); // ["a     1", "long  2"]
 * ```
 */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * Shortens an identifier for display: the first 8 characters and an ellipsis.
 *
 * @example
 * ```ts
 * shortId("5c0ffee0-2222-4333-8444-555566667777"); // "5c0ffee0…"
 * ```
 */
export function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}
