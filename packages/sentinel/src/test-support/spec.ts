/**
 * Loads `specs/sentinel.yaml` for tests and walks every response example in it. Test-only.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** The spec as plain data. */
export const spec: Record<string, unknown> = parse(
  readFileSync(new URL("../../../../specs/sentinel.yaml", import.meta.url), "utf8"),
) as Record<string, unknown>;

type Node = Record<string, unknown>;

/** Follows a local `$ref` (`#/components/...`). */
export function resolve(node: unknown): Node {
  let current = node as Node;
  for (let hops = 0; typeof current?.$ref === "string"; hops++) {
    if (hops > 10) {
      throw new Error("$ref loop");
    }
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) {
      throw new Error(`only local refs are supported: ${ref}`);
    }
    current = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (at as Node)[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec) as Node;
  }
  return current;
}

/** One example of one response of one operation. */
export interface ResponseExample {
  operationId: string;
  method: string;
  path: string;
  /** HTTP status, or `"default"`. */
  status: string;
  mediaType: string;
  name: string;
  value: unknown;
  /** Example values of the response headers the spec declares. */
  headers: Record<string, string>;
}

/** Every response of every operation, with the examples it documents (possibly none). */
export function responses(): {
  operationId: string;
  status: string;
  mediaType: string;
  examples: ResponseExample[];
}[] {
  const out: { operationId: string; status: string; mediaType: string; examples: ResponseExample[] }[] = [];
  for (const [path, item] of Object.entries(spec.paths as Node)) {
    for (const [method, operation] of Object.entries(item as Node)) {
      const op = operation as Node;
      const operationId = op.operationId as string;
      for (const [status, ref] of Object.entries(op.responses as Node)) {
        const response = resolve(ref);
        const headers: Record<string, string> = {};
        for (const [name, header] of Object.entries((response.headers as Node | undefined) ?? {})) {
          const h = resolve(header);
          if (typeof h.example === "string") {
            headers[name] = h.example;
          }
        }
        for (const [mediaType, media] of Object.entries((response.content as Node | undefined) ?? {})) {
          const m = media as Node;
          const examples: ResponseExample[] = Object.entries((m.examples as Node | undefined) ?? {}).map(
            ([name, example]) => ({
              operationId,
              method,
              path,
              status,
              mediaType,
              name,
              value: resolve(example).value,
              headers,
            }),
          );
          if ("example" in m) {
            examples.push({
              operationId,
              method,
              path,
              status,
              mediaType,
              name: "example",
              value: m.example,
              headers,
            });
          }
          out.push({ operationId, status, mediaType, examples });
        }
      }
    }
  }
  return out;
}
