// Every example of specs/idp.yaml through the package: the request examples are what the builder
// builds, every response example parses to the outcome its status documents.
import { ConsumerJwsRequestError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { parseConsumerJwsAnswer } from "./consumer-jws-answer.js";
import { createConsumerJwsInit } from "./consumer-jws-request.js";
import { spec } from "./test-support/fixtures.js";

type Node = Record<string, unknown>;
const resolve = (node: unknown): Node => {
  let at = node as Node;
  while (typeof at?.$ref === "string") {
    at = (at.$ref as string)
      .slice(2)
      .split("/")
      .reduce<unknown>((n, key) => (n as Node)[key], spec) as Node;
  }
  return at;
};
const operation = ((spec.paths as Node)["/api/account/{accountId}/consumer"] as Node).post as Node;
const examplesOf = (content: unknown) =>
  Object.entries((content as Node | undefined) ?? {}).flatMap(([mediaType, media]) =>
    Object.entries(((media as Node).examples as Node | undefined) ?? {}).map(([name, example]) => ({
      mediaType,
      name,
      value: resolve(example).value,
    })),
  );

describe("specs/idp.yaml examples", () => {
  it("request examples are exactly what createConsumerJwsInit builds", () => {
    const examples = examplesOf(resolve(operation.requestBody).content);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const { value } of examples) {
      const extConsumerId = (value as { ext_consumer_id: string }).ext_consumer_id;
      expect(createConsumerJwsInit({ accountId: "12345678", extConsumerId }).body).toEqual(value);
    }
  });

  const responses = Object.entries(operation.responses as Node);
  it("documents an example for every response", () => {
    for (const [status, response] of responses) {
      expect(examplesOf(resolve(response).content).length, status).toBeGreaterThan(0);
    }
  });

  for (const [status, response] of responses) {
    for (const example of examplesOf(resolve(response).content)) {
      it(`${status} ${example.mediaType} ${example.name}`, () => {
        const code = status === "default" ? 502 : Number(status);
        const text = typeof example.value === "string" ? example.value : JSON.stringify(example.value);
        const input = { status: code, text, headers: new Headers({ "content-type": example.mediaType }) };
        if (code === 201) {
          expect(parseConsumerJwsAnswer(input).claims.lp_consumer_id).toMatch(/^[0-9a-f]{64}$/);
        } else {
          expect(() => parseConsumerJwsAnswer(input)).toThrow(ConsumerJwsRequestError);
        }
      });
    }
  }
});
