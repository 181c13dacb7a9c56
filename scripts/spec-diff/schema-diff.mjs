// @module scripts/spec-diff/schema-diff
// Compares two JSON Schemas (OpenAPI 3.1 / 3.0 subset) in one direction:
// - "request" schemas (parameters, request bodies) break clients when they NARROW: a removed type or
//   enum value, a new required field, a tighter constraint, a removed field;
// - "response" schemas break clients when they WIDEN or lose data: a removed field, a field that is
//   no longer required, a new type or enum value the client's types do not know.
// Recursive schemas are compared once per pair of nodes. A changed `pattern` counts as narrowing
// unless pattern-widening.mjs can show that it accepts everything the old one did.
import { patternWidens } from "./pattern-widening.mjs";

const NUMERIC_UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
const NUMERIC_LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
/** Safety net for `$ref`s with sibling keywords inside recursive schemas (each resolution is a new node). */
const MAX_DEPTH = 64;

function composed(schema) {
  return Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);
}

/** Merges `allOf` members into one schema (properties, required, types and enums combined). */
function flatten(resolver, schema, file) {
  if (!Array.isArray(schema.allOf)) {
    return schema;
  }
  const { allOf, ...merged } = schema;
  merged.properties = { ...(schema.properties ?? {}) };
  merged.required = [...(schema.required ?? [])];
  for (const member of allOf) {
    const { node, file: memberFile } = resolver.resolve(member, file);
    const part = flatten(resolver, node ?? {}, memberFile);
    for (const [name, value] of Object.entries(part.properties ?? {})) {
      if (!(name in merged.properties)) {
        merged.properties[name] = value;
      }
    }
    merged.required.push(...(part.required ?? []));
    for (const [key, value] of Object.entries(part)) {
      if (!["properties", "required", "title", "description"].includes(key) && !(key in merged)) {
        merged[key] = value;
      }
    }
  }
  if (Object.keys(merged.properties).length === 0) {
    delete merged.properties;
  }
  return merged;
}

/** The set of JSON types a schema allows, or null when it does not say (any type). */
function typesOf(schema) {
  let types = null;
  if (typeof schema.type === "string") {
    types = new Set([schema.type]);
  } else if (Array.isArray(schema.type)) {
    types = new Set(schema.type);
  }
  if (types && schema.nullable === true) {
    types.add("null");
  }
  return types;
}

/** The allowed values (`enum`, or `const` as a one-value enum), or null. */
function enumOf(schema) {
  if (Array.isArray(schema.enum)) {
    return schema.enum;
  }
  if ("const" in schema) {
    return [schema.const];
  }
  return null;
}

/** Whether every value of type `type` is also allowed by the type set `set` (integer ⊂ number). */
function covered(type, set) {
  return set.has(type) || (type === "integer" && set.has("number"));
}

function show(values) {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

/**
 * Creates a differ bound to the two documents' resolvers and a change sink.
 * `report(breaking, kind, where, message)` receives every change found.
 * @example
 * const diff = createSchemaDiffer(baseResolver, headResolver, report);
 * diff(baseSchema, headSchema, "GET /x 200 application/json body", "response");
 */
export function createSchemaDiffer(baseResolver, headResolver, report) {
  // Pairs of schema nodes being compared on the current path: a recursive schema (Problem.cause is a
  // Problem) is entered once per path, while a shared schema is still reported at every use.
  const active = new Map();
  let depth = 0;

  function enter(base, head, direction) {
    let heads = active.get(base);
    if (!heads) {
      heads = new Map();
      active.set(base, heads);
    }
    const directions = heads.get(head) ?? new Set();
    heads.set(head, directions);
    if (directions.has(direction)) {
      return false;
    }
    directions.add(direction);
    return true;
  }

  function leave(base, head, direction) {
    active.get(base)?.get(head)?.delete(direction);
  }

  function diff(baseRaw, headRaw, where, direction, baseFile = "", headFile = "") {
    const baseResolved = baseResolver.resolve(baseRaw, baseFile);
    const headResolved = headResolver.resolve(headRaw, headFile);
    if (baseResolved.node === false || headResolved.node === false) {
      if (baseResolved.node !== headResolved.node) {
        const breaking = direction === "request" ? headResolved.node === false : baseResolved.node === false;
        report(breaking, "schema-changed", where, "schema switched to/from `false` (nothing allowed)");
      }
      return;
    }
    const baseNode = baseResolved.node === true || baseResolved.node == null ? {} : baseResolved.node;
    const headNode = headResolved.node === true || headResolved.node == null ? {} : headResolved.node;
    if (depth > MAX_DEPTH || !enter(baseNode, headNode, direction)) {
      return;
    }
    depth += 1;
    try {
      const base = flatten(baseResolver, baseNode, baseResolved.file);
      const head = flatten(headResolver, headNode, headResolved.file);
      const ctx = { where, direction, baseFile: baseResolved.file, headFile: headResolved.file };
      diffAlternatives(base, head, ctx, baseResolved.ref, headResolved.ref);
      if (composed(base) !== composed(head)) {
        // One side became (or stopped being) a oneOf/anyOf: the alternatives above compared the
        // plain schema with the matching alternative; comparing it with the wrapper would be noise.
        return;
      }
      diffTypes(base, head, ctx);
      diffEnums(base, head, ctx);
      diffConstraints(base, head, ctx);
      diffObject(base, head, ctx);
      if (base.items !== undefined && head.items !== undefined) {
        diff(base.items, head.items, `${where}[]`, direction, ctx.baseFile, ctx.headFile);
      }
    } finally {
      depth -= 1;
      leave(baseNode, headNode, direction);
    }
  }

  function diffTypes(base, head, { where, direction }) {
    const baseTypes = typesOf(base);
    const headTypes = typesOf(head);
    if (baseTypes === null && headTypes === null) {
      return;
    }
    if (baseTypes === null) {
      report(
        direction === "request",
        direction === "request" ? "narrowed-type" : "type-changed",
        where,
        `type restricted from any to ${[...headTypes].join(" | ")}`,
      );
      return;
    }
    if (headTypes === null) {
      report(
        direction === "response",
        direction === "response" ? "widened-response-type" : "type-changed",
        where,
        `type widened from ${[...baseTypes].join(" | ")} to any`,
      );
      return;
    }
    const removed = [...baseTypes].filter((type) => !covered(type, headTypes));
    const added = [...headTypes].filter((type) => !covered(type, baseTypes));
    if (removed.length > 0) {
      report(
        direction === "request",
        direction === "request" ? "narrowed-type" : "type-changed",
        where,
        `type ${[...baseTypes].join(" | ")} → ${[...headTypes].join(" | ")} (no longer ${removed.join(", ")})`,
      );
    }
    if (added.length > 0) {
      report(
        direction === "response",
        direction === "response" ? "widened-response-type" : "type-changed",
        where,
        `type ${[...baseTypes].join(" | ")} → ${[...headTypes].join(" | ")} (now also ${added.join(", ")})`,
      );
    }
  }

  function diffEnums(base, head, { where, direction }) {
    const baseEnum = enumOf(base);
    const headEnum = enumOf(head);
    if (baseEnum === null && headEnum === null) {
      return;
    }
    if (baseEnum === null) {
      report(
        direction === "request",
        direction === "request" ? "narrowed-enum" : "enum-changed",
        where,
        `values restricted to ${show(headEnum)}`,
      );
      return;
    }
    if (headEnum === null) {
      report(
        direction === "response",
        direction === "response" ? "widened-response-enum" : "enum-changed",
        where,
        `enum ${show(baseEnum)} removed: any value allowed`,
      );
      return;
    }
    const headKeys = new Set(headEnum.map((value) => JSON.stringify(value)));
    const baseKeys = new Set(baseEnum.map((value) => JSON.stringify(value)));
    const removed = baseEnum.filter((value) => !headKeys.has(JSON.stringify(value)));
    const added = headEnum.filter((value) => !baseKeys.has(JSON.stringify(value)));
    if (removed.length > 0) {
      report(
        direction === "request",
        direction === "request" ? "narrowed-enum" : "enum-changed",
        where,
        `enum value(s) removed: ${show(removed)}`,
      );
    }
    if (added.length > 0) {
      report(
        direction === "response",
        direction === "response" ? "widened-response-enum" : "enum-changed",
        where,
        `enum value(s) added: ${show(added)}`,
      );
    }
  }

  function diffConstraints(base, head, { where, direction }) {
    const tighter = [];
    const looser = [];
    for (const key of NUMERIC_UPPER) {
      if (head[key] !== undefined && (base[key] === undefined || head[key] < base[key])) {
        tighter.push(`${key} ${base[key] ?? "∞"} → ${head[key]}`);
      } else if (base[key] !== undefined && (head[key] === undefined || head[key] > base[key])) {
        looser.push(`${key} ${base[key]} → ${head[key] ?? "∞"}`);
      }
    }
    for (const key of NUMERIC_LOWER) {
      if (head[key] !== undefined && (base[key] === undefined || head[key] > base[key])) {
        tighter.push(`${key} ${base[key] ?? "none"} → ${head[key]}`);
      } else if (base[key] !== undefined && (head[key] === undefined || head[key] < base[key])) {
        looser.push(`${key} ${base[key]} → ${head[key] ?? "none"}`);
      }
    }
    for (const key of ["pattern", "format", "multipleOf"]) {
      if (
        key === "pattern" &&
        typeof base.pattern === "string" &&
        typeof head.pattern === "string" &&
        head.pattern !== base.pattern &&
        patternWidens(base.pattern, head.pattern)
      ) {
        looser.push(
          `pattern ${JSON.stringify(base.pattern)} → ${JSON.stringify(head.pattern)} (accepts more)`,
        );
      } else if (head[key] !== undefined && head[key] !== base[key]) {
        tighter.push(`${key} ${JSON.stringify(base[key] ?? null)} → ${JSON.stringify(head[key])}`);
      } else if (base[key] !== undefined && head[key] === undefined) {
        looser.push(`${key} ${JSON.stringify(base[key])} removed`);
      }
    }
    if (base.uniqueItems !== true && head.uniqueItems === true) {
      tighter.push("uniqueItems added");
    }
    for (const change of tighter) {
      report(
        direction === "request",
        direction === "request" ? "narrowed-constraint" : "constraint-changed",
        where,
        change,
      );
    }
    for (const change of looser) {
      report(false, "constraint-changed", where, change);
    }
  }

  /** `oneOf`/`anyOf`: alternatives matched by their `$ref`, then title, then position. */
  function diffAlternatives(base, head, ctx, baseRef, headRef) {
    for (const keyword of ["oneOf", "anyOf"]) {
      const hasBase = Array.isArray(base[keyword]);
      const hasHead = Array.isArray(head[keyword]);
      if (!hasBase && !hasHead) {
        continue;
      }
      const describe = (resolver, list, file) =>
        list.map((raw, index) => {
          const resolved = resolver.resolve(raw, file);
          return { raw, index, ref: resolved.ref, title: resolved.node?.title, file };
        });
      // A plain schema facing a composition is one alternative of itself.
      const baseAlts = hasBase
        ? describe(baseResolver, base[keyword], ctx.baseFile)
        : [{ raw: stripComposition(base), index: 0, ref: baseRef, title: base.title, file: ctx.baseFile }];
      const headAlts = hasHead
        ? describe(headResolver, head[keyword], ctx.headFile)
        : [{ raw: stripComposition(head), index: 0, ref: headRef, title: head.title, file: ctx.headFile }];
      const pairs = [];
      const freeHead = new Set(headAlts);
      const freeBase = [];
      for (const alt of baseAlts) {
        const match =
          [...freeHead].find((h) => alt.ref !== undefined && h.ref === alt.ref) ??
          [...freeHead].find((h) => alt.title !== undefined && h.title === alt.title);
        if (match) {
          freeHead.delete(match);
          pairs.push([alt, match]);
        } else {
          freeBase.push(alt);
        }
      }
      for (const alt of freeBase) {
        const match = [...freeHead].find(
          (h) => h.index === alt.index && (h.ref === undefined || alt.ref === undefined),
        );
        if (match) {
          freeHead.delete(match);
          pairs.push([alt, match]);
        } else {
          report(
            ctx.direction === "request",
            ctx.direction === "request" ? "narrowed-type" : "type-changed",
            ctx.where,
            `${keyword} alternative removed: ${label(alt)}`,
          );
        }
      }
      for (const alt of freeHead) {
        report(
          ctx.direction === "response",
          ctx.direction === "response" ? "widened-response-type" : "type-changed",
          ctx.where,
          `${keyword} alternative added: ${label(alt)}`,
        );
      }
      for (const [b, h] of pairs) {
        diff(b.raw, h.raw, `${ctx.where}<${label(b)}>`, ctx.direction, b.file, h.file);
      }
    }
  }

  function diffObject(base, head, { where, direction, baseFile, headFile }) {
    const baseProps = base.properties ?? {};
    const headProps = head.properties ?? {};
    const baseRequired = new Set(base.required ?? []);
    const headRequired = new Set(head.required ?? []);
    const ignored = (resolver, raw, file) => {
      const node = resolver.resolve(raw, file).node ?? {};
      return direction === "request" ? node.readOnly === true : node.writeOnly === true;
    };
    for (const name of Object.keys(baseProps)) {
      const path = `${where}.${name}`;
      if (ignored(baseResolver, baseProps[name], baseFile)) {
        continue;
      }
      if (!(name in headProps)) {
        report(
          true,
          direction === "request" ? "removed-request-field" : "removed-response-field",
          path,
          "field removed",
        );
        continue;
      }
      if (direction === "request" && !baseRequired.has(name) && headRequired.has(name)) {
        report(true, "new-required-field", path, "field became required");
      }
      if (direction === "response" && baseRequired.has(name) && !headRequired.has(name)) {
        report(true, "response-field-optional", path, "field is no longer always present");
      }
      if (direction === "request" && baseRequired.has(name) && !headRequired.has(name)) {
        report(false, "field-optional", path, "field became optional");
      }
      if (direction === "response" && !baseRequired.has(name) && headRequired.has(name)) {
        report(false, "field-required", path, "field is now always present");
      }
      diff(baseProps[name], headProps[name], path, direction, baseFile, headFile);
    }
    for (const name of Object.keys(headProps)) {
      if (name in baseProps || ignored(headResolver, headProps[name], headFile)) {
        continue;
      }
      const path = `${where}.${name}`;
      if (direction === "request" && headRequired.has(name)) {
        report(true, "new-required-field", path, "new required field");
      } else {
        report(false, "added-field", path, `new ${headRequired.has(name) ? "required" : "optional"} field`);
      }
    }
    // Required names without a property schema (e.g. required: [a] next to additionalProperties).
    for (const name of headRequired) {
      if (!(name in headProps) && !baseRequired.has(name) && direction === "request") {
        report(true, "new-required-field", `${where}.${name}`, "new required field");
      }
    }
    const baseExtra = base.additionalProperties;
    const headExtra = head.additionalProperties;
    if (direction === "request" && baseExtra !== false && headExtra === false) {
      report(true, "narrowed-type", where, "additional properties no longer allowed");
    } else if (
      baseExtra !== undefined &&
      headExtra !== undefined &&
      typeof baseExtra === "object" &&
      typeof headExtra === "object"
    ) {
      diff(baseExtra, headExtra, `${where}{*}`, direction, baseFile, headFile);
    }
  }

  return diff;
}

function stripComposition(schema) {
  const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
  return rest;
}

function label(alt) {
  if (alt.ref) {
    return alt.ref.replace(/^.*#\/components\/schemas\//, "");
  }
  return alt.title ?? `#${alt.index}`;
}
