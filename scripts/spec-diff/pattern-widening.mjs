// @module scripts/spec-diff/pattern-widening
// Whether a changed `pattern` accepts everything the old one did. Regular expressions in general
// cannot be compared, so only one common shape is decided: a single character class with a
// repetition count, anchored at both ends (`^[\x21-\x7E]{1,128}$`, `^[^\x00-\x1F]+$`, `^[a-z]*$`).
// Both classes are tried on every Unicode code point; anything else counts as not provably wider.

const SHAPE = /^\^(\[(?:\\.|[^\]\\])+\])(\{(\d+)(,(\d*))?\}|\+|\*|\?)?\$$/;

/** `{ cls, min, max }` of a pattern of the shape above, or `null`. */
function parseShape(pattern) {
  const match = SHAPE.exec(pattern);
  if (!match) {
    return null;
  }
  const [, cls, quantifier, exact, comma, upper] = match;
  let min = 1;
  let max = 1;
  if (quantifier === "+") {
    max = Number.POSITIVE_INFINITY;
  } else if (quantifier === "*") {
    min = 0;
    max = Number.POSITIVE_INFINITY;
  } else if (quantifier === "?") {
    min = 0;
  } else if (quantifier !== undefined) {
    min = Number(exact);
    max = comma === undefined ? min : upper === "" ? Number.POSITIVE_INFINITY : Number(upper);
  }
  try {
    // JSON Schema patterns are ECMA-262 with Unicode semantics, as validators such as Ajv run them.
    return { test: new RegExp(`^${cls}$`, "u"), min, max };
  } catch {
    return null;
  }
}

/**
 * True when every string `basePattern` matches is also matched by `headPattern` (so the change
 * loosens a request constraint); false when that cannot be shown.
 * @example patternWidens("^[\\x21-\\x7E]{1,128}$", "^[^\\x00-\\x1F\\x7F-\\x9F]{1,128}$") // true
 * @example patternWidens("^[a-z]+$", "^[a-z]{1,10}$") // false
 */
export function patternWidens(basePattern, headPattern) {
  const base = parseShape(basePattern);
  const head = parseShape(headPattern);
  if (!base || !head || head.min > base.min || head.max < base.max) {
    return false;
  }
  for (let code = 0; code <= 0x10ffff; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) {
      continue;
    }
    const char = String.fromCodePoint(code);
    if (base.test.test(char) && !head.test.test(char)) {
      return false;
    }
  }
  return true;
}
