/**
 * The tables of BENCHMARKS.md: values (median with min–max) with the server's CPU busy under each
 * figure measured against a server, and ratios taken within each repetition.
 *
 * @module
 */
import type { Figure } from "./figures.js";
import type { Spread } from "./stats.js";
import { CONTENDER_IDS, CONTENDERS } from "./workload.js";

/**
 * A number with as many decimals as its size deserves.
 *
 * @example
 * ```ts
 * formatNumber(1234.5); // "1,235"
 * formatNumber(1.234);  // "1.23"
 * formatNumber(1);      // "1"
 * ```
 */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A ratio: two decimals, or two significant digits when tiny, or none when huge.
 *
 * @example
 * ```ts
 * formatRatio(1.234);  // "1.23×"
 * formatRatio(0.0048); // "0.0048×"
 * formatRatio(1000);   // "1,000×"
 * ```
 */
export function formatRatio(value: number | null): string {
  if (value === null) {
    return "n/a";
  }
  if (Math.abs(value) >= 100) {
    return `${Math.round(value).toLocaleString("en-US")}×`;
  }
  return value !== 0 && Math.abs(value) < 0.1 ? `${value.toPrecision(2)}×` : `${value.toFixed(2)}×`;
}

/**
 * `median (min–max)`, or the median alone when every repetition gave the same.
 *
 * @example
 * ```ts
 * cell({ median: 2, min: 1, max: 3, samples: [1, 2, 3] }); // "2 (1–3)"
 * ```
 */
export function cell(value: Spread, format: (n: number) => string = formatNumber): string {
  if (value.min === value.max) {
    return format(value.median);
  }
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

function header(first: string): string[] {
  const names = CONTENDER_IDS.map((id) => CONTENDERS[id].name);
  return [`| ${first} | ${names.join(" | ")} |`, `| --- | ${CONTENDER_IDS.map(() => "---:").join(" | ")} |`];
}

function serverName(f: Figure): string {
  return f.target === "nginx" ? "nginx" : "emulator";
}

/**
 * A table of figures, each followed by the CPU busy of the server it ran against.
 *
 * @example
 * ```ts
 * lines.push(...valueTable(results.figures.filter((f) => f.target === "nginx")));
 * ```
 */
export function valueTable(figures: readonly Figure[]): string[] {
  const rows: string[] = [];
  for (const f of figures) {
    rows.push(
      `| ${f.title} (${f.unit}, ${f.better} is better) | ${CONTENDER_IDS.map((id) => cell(f.values[id])).join(" | ")} |`,
    );
    const cpu = f.serverCpuPercent;
    if (cpu !== undefined) {
      rows.push(
        `| ↳ ${serverName(f)} CPU busy meanwhile (% of one core) | ${CONTENDER_IDS.map((id) => formatNumber(cpu[id].median)).join(" | ")} |`,
      );
    }
  }
  return [...header("Figure — median (min–max)"), ...rows];
}

/**
 * A table of ratios within each repetition against `which` reference: median (min–max).
 *
 * @example
 * ```ts
 * lines.push(...ratioTable(results.figures, "vsOfficial"));
 * ```
 */
export function ratioTable(figures: readonly Figure[], which: "vsOfficial" | "vsRawFetch"): string[] {
  const ratio = (value: Spread | null) => (value === null ? "n/a" : cell(value, formatRatio));
  return [
    ...header("Figure — ratio within each repetition, median (min–max)"),
    ...figures.map(
      (f) =>
        `| ${f.title} (${f.better} is better) | ${CONTENDER_IDS.map((id) => ratio(f.ratios[which][id])).join(" | ")} |`,
    ),
  ];
}
