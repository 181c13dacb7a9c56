// @module scripts/spec-diff/fixtures
// Test support: the fixture base spec and the cases in fixtures/cases/*.yaml, each a description,
// the expected change kinds and a JSON-Patch-like list (add / remove / replace) applied to the base.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { pointer } from "./openapi.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Path of the base fixture spec. */
export const BASE_SPEC = join(here, "base.yaml");

/** Text of the base fixture spec. */
export function baseText() {
  return readFileSync(BASE_SPEC, "utf8");
}

/** Names of all cases (file names without `.yaml`). */
export function caseNames() {
  return readdirSync(join(here, "cases"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.replace(/\.yaml$/, ""))
    .sort();
}

/**
 * Loads one case: `{ name, description, breaking, changes, base, head, headText }` where `base` and
 * `head` are parsed documents and `changes` is undefined when the case does not pin them.
 * @example const { head } = loadCase("removed-operation");
 */
export function loadCase(name) {
  const data = parse(readFileSync(join(here, "cases", `${name}.yaml`), "utf8"));
  const base = parse(baseText());
  const head = applyPatch(parse(baseText()), data.patch ?? []);
  return {
    name,
    description: data.description,
    breaking: data.breaking ?? [],
    changes: data.changes,
    base,
    head,
    headText: stringify(head),
  };
}

/**
 * Applies `add` / `remove` / `replace` operations (RFC 6902 subset; `-` appends to an array).
 * @example applyPatch({ a: [1] }, [{ op: "add", path: "/a/-", value: 2 }]) // { a: [1, 2] }
 */
export function applyPatch(doc, operations) {
  for (const { op, path, value } of operations) {
    const cut = path.lastIndexOf("/");
    const parent = pointer(doc, path.slice(0, cut));
    const key = path
      .slice(cut + 1)
      .replace(/~1/g, "/")
      .replace(/~0/g, "~");
    if (parent === undefined || parent === null || typeof parent !== "object") {
      throw new Error(`patch ${op} ${path}: parent not found`);
    }
    if (op !== "add" && !(Array.isArray(parent) ? Number(key) < parent.length : key in parent)) {
      throw new Error(`patch ${op} ${path}: target not found`);
    }
    if (Array.isArray(parent)) {
      const index = key === "-" ? parent.length : Number(key);
      if (op === "remove") {
        parent.splice(index, 1);
      } else {
        parent.splice(index, op === "replace" ? 1 : 0, value);
      }
    } else if (op === "remove") {
      delete parent[key];
    } else {
      parent[key] = value;
    }
  }
  return doc;
}
