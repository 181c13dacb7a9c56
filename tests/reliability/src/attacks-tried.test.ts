// RELIABILITY.md "Attacks tried" is kept by hand: this keeps it honest. Every issue 13 item (1–14)
// has a row, and every test it names (file › "name") exists: the file is there and holds the name
// as written (a describe/it title or its start).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url);
const text = readFileSync(new URL("RELIABILITY.md", root), "utf8");
const section = /\n## Attacks tried\n([\s\S]*?)(?=\n## |$)/.exec(text)?.[1] ?? "";
const rows = section
  .split("\n")
  .map((line) => /^\| (\d+) \|(.*)\|$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map((match) => ({ item: Number(match[1]), cells: match[2] as string }));

const named = rows.flatMap(({ item, cells }) =>
  [...cells.matchAll(/`([^`]+\.test\.(?:ts|mjs))` › "([^"]+)"/g)].map((match) => ({
    item,
    file: match[1] as string,
    name: match[2] as string,
  })),
);

describe('RELIABILITY.md "Attacks tried"', () => {
  it("has one row per issue 13 item, 1 to 14, each naming at least one test", () => {
    expect(rows.map((row) => row.item)).toEqual(Array.from({ length: 14 }, (_, index) => index + 1));
    for (const { item } of rows) {
      expect(
        named.some((test) => test.item === item),
        `item ${item}`,
      ).toBe(true);
    }
  });

  it.each(named.map((test) => [`${test.item}: ${test.file} › ${test.name}`, test] as const))(
    "names a test that exists — %s",
    (_, { file, name }) => {
      const path = new URL(file, root);
      expect(existsSync(path), file).toBe(true);
      const source = readFileSync(path, "utf8");
      expect(source.includes(name), `${file} has no test named "${name}"`).toBe(true);
    },
  );
});
