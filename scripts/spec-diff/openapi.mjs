// @module scripts/spec-diff/openapi
// Reads an OpenAPI document and walks it the way spec-diff and the docs tooling need: local and
// relative-file `$ref`s are resolved lazily (so recursive schemas stay finite), path-level and
// operation-level parameters are merged, and every operation is listed with a stable key.
import { parse } from "yaml";

/** HTTP methods an OpenAPI path item may hold, in the order reports list them. */
export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Parses YAML (or JSON) text into a document. Throws with the source name on a syntax error.
 * @example parseSpec("openapi: 3.1.0\npaths: {}\n", "specs/x.yaml").openapi // "3.1.0"
 */
export function parseSpec(text, source) {
  try {
    const doc = parse(text);
    if (doc === null || typeof doc !== "object") {
      throw new Error("not a mapping");
    }
    return doc;
  } catch (error) {
    throw new Error(`${source}: cannot parse the spec: ${error.message}`);
  }
}

/** Decodes one JSON-pointer segment (`~1` → `/`, `~0` → `~`). */
function decodeSegment(segment) {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Follows a JSON pointer (`#/components/schemas/X`, the part after `#`) inside `doc`.
 * @example pointer({ a: { b: 1 } }, "/a/b") // 1
 */
export function pointer(doc, path) {
  if (path === "" || path === "/") {
    return doc;
  }
  let node = doc;
  for (const segment of path.replace(/^\//, "").split("/").map(decodeSegment)) {
    if (node === null || typeof node !== "object" || !(segment in node)) {
      return undefined;
    }
    node = node[segment];
  }
  return node;
}

/**
 * A resolver over one document and the files it references. `load(relativePath)` returns the parsed
 * document of another file (relative to the root document) or undefined; it is only called for
 * `$ref`s that point outside the root document.
 * @example
 * const r = createResolver(doc);
 * const { node, ref } = r.resolve({ $ref: "#/components/schemas/Pet" });
 */
export function createResolver(rootDoc, load = () => undefined) {
  const docs = new Map([["", rootDoc]]);

  function docFor(file) {
    if (!docs.has(file)) {
      docs.set(file, load(file));
    }
    return docs.get(file);
  }

  /**
   * Resolves `$ref` chains (with the 3.1 rule that sibling keywords next to `$ref` apply too) and
   * returns the target node with the last reference followed (`ref`, e.g. `#/components/schemas/Pet`).
   */
  function resolve(node, file = "") {
    let current = node;
    let currentFile = file;
    let ref;
    let siblings;
    const seen = new Set();
    while (current !== null && typeof current === "object" && typeof current.$ref === "string") {
      const [target, hash = ""] = current.$ref.split("#");
      const targetFile = target === "" ? currentFile : joinRelative(currentFile, target);
      const key = `${targetFile}#${hash}`;
      if (seen.has(key)) {
        throw new Error(`circular $ref chain at ${current.$ref}`);
      }
      seen.add(key);
      const { $ref: _ignored, ...rest } = current;
      if (Object.keys(rest).length > 0) {
        siblings = { ...rest, ...siblings };
      }
      const doc = docFor(targetFile);
      if (doc === undefined) {
        throw new Error(`cannot resolve $ref ${current.$ref}: ${targetFile || "root document"} not found`);
      }
      const next = pointer(doc, hash);
      if (next === undefined) {
        throw new Error(`cannot resolve $ref ${current.$ref}`);
      }
      ref = key;
      current = next;
      currentFile = targetFile;
    }
    if (siblings && current !== null && typeof current === "object") {
      current = { ...current, ...siblings };
    }
    return { node: current, ref, file: currentFile };
  }

  return { resolve, root: rootDoc };
}

/** Joins `target` relative to the folder of `from` (both relative paths with `/`). */
function joinRelative(from, target) {
  const parts = from.split("/").slice(0, -1);
  for (const piece of target.split("/")) {
    if (piece === "..") {
      parts.pop();
    } else if (piece !== "." && piece !== "") {
      parts.push(piece);
    }
  }
  return parts.join("/");
}

/**
 * Normalizes a path template so renaming a path variable does not hide the operation:
 * `/a/{accountId}/b` → `/a/{}/b`.
 * @example normalizePath("/x/{id}") // "/x/{}"
 */
export function normalizePath(path) {
  return path.replace(/\{[^}]*\}/g, "{}");
}

/**
 * Parameter identity: location plus name (header names are case-insensitive).
 * @example parameterKey({ in: "header", name: "X-Request-Id" }) // "header:x-request-id"
 */
export function parameterKey(parameter) {
  const name = parameter.in === "header" ? String(parameter.name).toLowerCase() : parameter.name;
  return `${parameter.in}:${name}`;
}

/** The operations of one path item (or webhook): `[{ method, operation, parameters }]`, parameters merged. */
function operationsOf(item, resolver) {
  const found = [];
  for (const method of METHODS) {
    const operation = item[method];
    if (operation === undefined) {
      continue;
    }
    const parameters = new Map();
    for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
      const parameter = resolver.resolve(raw).node;
      parameters.set(parameterKey(parameter), parameter);
    }
    found.push({ method, operation, parameters });
  }
  return found;
}

/**
 * Lists every operation of a document: `{ key, method, path, operationId, summary, operation,
 * parameters }` where `key` is `GET /a/{}` and `parameters` merges path-level and operation-level
 * parameters (resolved, keyed by {@link parameterKey}).
 * @example listOperations(doc, createResolver(doc)).map((op) => op.key)
 */
export function listOperations(doc, resolver = createResolver(doc)) {
  const paths = doc.paths ?? {};
  return Object.keys(paths).flatMap((path) =>
    operationsOf(resolver.resolve(paths[path]).node ?? {}, resolver).map(
      ({ method, operation, parameters }) => ({
        key: `${method.toUpperCase()} ${normalizePath(path)}`,
        method,
        path,
        operationId: operation.operationId,
        summary: operation.summary,
        operation,
        parameters,
      }),
    ),
  );
}

/**
 * Lists every webhook of an OpenAPI 3.1 document (top-level `webhooks`): the same shape as
 * {@link listOperations}, with `path` holding the webhook's name and `key` like
 * `WEBHOOK POST ms.MessagingEventNotification.ContentEvent` (names are kept as they are: they are
 * identifiers, not templates).
 * @example listWebhooks(doc).map((hook) => hook.operationId)
 */
export function listWebhooks(doc, resolver = createResolver(doc)) {
  const webhooks = doc.webhooks ?? {};
  return Object.keys(webhooks).flatMap((name) =>
    operationsOf(resolver.resolve(webhooks[name]).node ?? {}, resolver).map(
      ({ method, operation, parameters }) => ({
        key: `WEBHOOK ${method.toUpperCase()} ${name}`,
        method,
        path: name,
        webhook: name,
        operationId: operation.operationId,
        summary: operation.summary,
        operation,
        parameters,
      }),
    ),
  );
}
