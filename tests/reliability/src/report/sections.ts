/**
 * `RELIABILITY.md` is hand-written prose with generated sections between markers
 * (`<!-- generated:NAME:start -->` … `<!-- generated:NAME:end -->`). Each generator replaces only
 * its own section, so the file's structure stays fixed and a diff shows only changed figures.
 *
 * @module
 */

/** The generated sections, in the order they appear. */
export const SECTION_NAMES = ["fault-matrix", "soak", "hostile-input"] as const;

/** One generated section's name. */
export type SectionName = (typeof SECTION_NAMES)[number];

function markers(name: SectionName): { start: string; end: string } {
  return { start: `<!-- generated:${name}:start -->`, end: `<!-- generated:${name}:end -->` };
}

/**
 * Replaces the body of section `name` in `markdown`. Throws when the markers are missing or out of
 * order, rather than appending somewhere unexpected.
 *
 * @example
 * ```ts
 * replaceSection(text, "soak", "| figure | value |\n| --- | --- |\n| invokes | 100000 |");
 * ```
 */
export function replaceSection(markdown: string, name: SectionName, body: string): string {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < 0 || to < from) {
    throw new Error(`RELIABILITY.md has no ${start} … ${end} section`);
  }
  return `${markdown.slice(0, from + start.length)}\n${body.trim()}\n${markdown.slice(to)}`;
}

/**
 * The body of section `name`, or `undefined` when it is missing.
 *
 * @example
 * ```ts
 * readSection(text, "fault-matrix")?.includes("scenarios");
 * ```
 */
export function readSection(markdown: string, name: SectionName): string | undefined {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  return from < 0 || to < from ? undefined : markdown.slice(from + start.length, to).trim();
}
