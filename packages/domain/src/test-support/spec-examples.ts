/**
 * Reads `specs/domain.yaml` and lists every response example it contains, with local `$ref`s
 * resolved, so tests cover each example (including ones added later) automatically.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** Where the spec lives, relative to this file. */
export const SPEC_PATH = fileURLToPath(new URL("../../../../specs/domain.yaml", import.meta.url));

/** One example of one response of one operation. */
export interface ResponseExample {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The response key: `"200"`, `"404"`, `"default"`, … */
  readonly status: string;
  readonly mediaType: string;
  readonly name: string;
  readonly value: unknown;
}

/** One response of one operation, with the number of examples it carries. */
export interface ResponseSummary {
  readonly operationId: string;
  readonly status: string;
  readonly examples: number;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Loads the spec as plain data.
 *
 * @example
 * ```ts
 * const spec = loadSpec();
 * ```
 */
export function loadSpec(): Node {
  const spec: unknown = parse(readFileSync(SPEC_PATH, "utf8"));
  if (!isNode(spec)) {
    throw new Error(`${SPEC_PATH} is not a YAML mapping`);
  }
  return spec;
}

/**
 * Follows local `$ref`s (`#/components/...`) until a non-reference node is reached.
 *
 * @example
 * ```ts
 * resolve(spec, { $ref: "#/components/examples/EmptyList" });
 * ```
 */
export function resolve(spec: Node, node: unknown): unknown {
  let current = node;
  for (let depth = 0; isNode(current) && typeof current.$ref === "string"; depth++) {
    if (depth > 20) {
      throw new Error("$ref chain too deep");
    }
    const ref: string = current.$ref;
    if (!ref.startsWith("#/")) {
      throw new Error(`only local $refs are supported, got ${ref}`);
    }
    current = ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((at, key) => (isNode(at) ? at[key] : undefined), spec);
    if (current === undefined) {
      throw new Error(`unresolved $ref ${ref}`);
    }
  }
  return current;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Every response example of every operation, and a summary per response.
 *
 * @example
 * ```ts
 * const { examples, responses } = collectResponseExamples(loadSpec());
 * ```
 */
export function collectResponseExamples(spec: Node): {
  examples: ResponseExample[];
  responses: ResponseSummary[];
  operationIds: string[];
} {
  const examples: ResponseExample[] = [];
  const responses: ResponseSummary[] = [];
  const operationIds: string[] = [];
  const paths = isNode(spec.paths) ? spec.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isNode(pathItem)) {
      continue;
    }
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isNode(operation)) {
        continue;
      }
      const operationId = String(operation.operationId);
      operationIds.push(operationId);
      const operationResponses = isNode(operation.responses) ? operation.responses : {};
      for (const [status, responseRef] of Object.entries(operationResponses)) {
        const response = resolve(spec, responseRef);
        let count = 0;
        const content = isNode(response) && isNode(response.content) ? response.content : {};
        for (const [mediaType, media] of Object.entries(content)) {
          const namedExamples = isNode(media) && isNode(media.examples) ? media.examples : {};
          for (const [name, exampleRef] of Object.entries(namedExamples)) {
            const example = resolve(spec, exampleRef);
            if (!isNode(example) || !("value" in example)) {
              throw new Error(`${operationId} ${status} ${mediaType} ${name}: example without a value`);
            }
            examples.push({ operationId, method, path, status, mediaType, name, value: example.value });
            count++;
          }
        }
        responses.push({ operationId, status, examples: count });
      }
    }
  }
  return { examples, responses, operationIds };
}

/**
 * The body bytes of an example as a server would send them: JSON media types are serialised,
 * text media types are sent as they are.
 *
 * @example
 * ```ts
 * exampleBody({ mediaType: "application/json", value: { baseURIs: [] } } as ResponseExample); // '{"baseURIs":[]}'
 * ```
 */
export function exampleBody(example: ResponseExample): string {
  if (/json/i.test(example.mediaType)) {
    return JSON.stringify(example.value);
  }
  if (typeof example.value !== "string") {
    throw new Error(`${example.name}: a ${example.mediaType} example must be a string`);
  }
  return example.value;
}
