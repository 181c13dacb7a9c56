// @module scripts/spec-citations
// The specs cite LivePerson's public pages by URL. Internal file names (the seed documents, the
// research notes) mean nothing to a reader of the rendered reference: `pnpm lint:specs` refuses them.

const INTERNAL = [
  { pattern: /\b\d{3}_[0-9a-f]{16}\.txt\b/g, what: "a seed document's file name" },
  {
    pattern: /\bliveperson-apis\.md\b|\bconnector-api\.md\b|\bshared-token-store\.md\b/g,
    what: "a research-notes file",
  },
  { pattern: /\bresearch notes\b/gi, what: "lpkit's research notes" },
  { pattern: /\((?:00\d)(?:, ?00\d)*\)/g, what: "a seed document's number" },
  { pattern: /\/work\/|\.\.\/shared\//g, what: "a local path" },
];

/**
 * Internal citations in a spec's text, as `{ line, text, what }`.
 * @example internalCitations("see `000_362b0d3dde645844.txt`") // [{ line: 1, text: "000_362b0d3dde645844.txt", what: "a seed document's file name" }]
 */
export function internalCitations(text) {
  const found = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    for (const { pattern, what } of INTERNAL) {
      for (const match of line.matchAll(pattern)) {
        found.push({ line: index + 1, text: match[0], what });
      }
    }
  });
  return found;
}
