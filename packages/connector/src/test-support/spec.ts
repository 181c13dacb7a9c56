/**
 * Test support: `specs/connector.yaml` as data, a JSON Schema 2020-12 validator over its component
 * schemas, and every request and response example of its operations and webhooks.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

type Node = Record<string, unknown>;

/** The spec as plain data. */
export const spec = parse(
  readFileSync(new URL("../../../../specs/connector.yaml", import.meta.url), "utf8"),
) as Node;

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(spec, "connector");

/** Validates `value` against `#/components/schemas/<name>`; returns the errors (empty when valid). */
export function schemaErrors(name: string, value: unknown): string[] {
  const validate = ajv.getSchema(`connector#/components/schemas/${name}`);
  if (!validate) {
    throw new Error(`no schema ${name}`);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Follows local `$ref`s. */
export function resolve(node: unknown): Node {
  let at = node as Node;
  for (let hops = 0; typeof at?.$ref === "string"; hops++) {
    if (hops > 10) {
      throw new Error("$ref loop");
    }
    at = (at.$ref as string)
      .slice(2)
      .split("/")
      .reduce<unknown>((n, key) => (n as Node)[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec) as Node;
  }
  return at;
}

/** One named example of a media type. */
export interface Example {
  mediaType: string;
  name: string;
  value: unknown;
  unverified: boolean;
}

/** The examples of a `content` map. */
export function examplesOf(content: unknown): Example[] {
  return Object.entries((content as Node | undefined) ?? {}).flatMap(([mediaType, media]) =>
    Object.entries(((media as Node).examples as Node | undefined) ?? {}).map(([name, raw]) => {
      const example = resolve(raw);
      return { mediaType, name, value: example.value, unverified: example["x-unverified"] === true };
    }),
  );
}

/** An operation (`paths`) or a webhook (`webhooks`) by operationId. */
export function operation(operationId: string): Node {
  for (const group of [spec.paths, spec.webhooks] as Node[]) {
    for (const item of Object.values(group)) {
      const post = (item as Node).post as Node | undefined;
      if (post?.operationId === operationId) {
        return post;
      }
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The request examples of an operation. */
export function requestExamples(operationId: string): Example[] {
  return examplesOf(resolve(operation(operationId).requestBody).content);
}

/** Every response of an operation with its examples. */
export function responseExamples(operationId: string): { status: string; examples: Example[] }[] {
  return Object.entries(operation(operationId).responses as Node).map(([status, response]) => ({
    status,
    examples: examplesOf(resolve(response).content),
  }));
}
