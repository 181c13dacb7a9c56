/**
 * Every response example in specs/faasgw.yaml, fed through the client: success examples come out as
 * parsed data, error examples as the right typed error (FunctionError vs GatewayError) with their fields.
 */
import { readFileSync } from "node:fs";
import { FunctionError, GatewayError, type LpkitError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createFaasClient } from "./client.js";
import { isFunctionErrorCode } from "./error-body.js";
import { rejection, respond } from "./test-support/responses.js";

type Json = Record<string, unknown>;

const spec = parse(readFileSync(new URL("../../../specs/faasgw.yaml", import.meta.url), "utf8")) as Json;

function resolve(node: unknown): Json {
  let current = node as Json;
  for (let depth = 0; typeof current.$ref === "string" && depth < 10; depth++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) {
      throw new Error(`only local references are expected, got ${ref}`);
    }
    current = ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (value, key) => (value as Json)[key.replaceAll("~1", "/").replaceAll("~0", "~")],
        spec,
      ) as Json;
  }
  return current;
}

interface Case {
  operationId: string;
  statusKey: string;
  status: number;
  mediaType: string;
  example: string;
  value: unknown;
  retryAfter: string | undefined;
}

const cases: Case[] = [];
for (const pathItem of Object.values(spec.paths as Json)) {
  for (const [method, operation] of Object.entries(pathItem as Json)) {
    if (!["get", "post"].includes(method)) {
      continue;
    }
    const op = operation as Json;
    for (const [statusKey, responseNode] of Object.entries(op.responses as Json)) {
      const response = resolve(responseNode);
      const status = statusKey === "default" ? Number(response["x-nonstandard-status"]) : Number(statusKey);
      const retryAfterHeader = (response.headers as Json | undefined)?.["Retry-After"] as Json | undefined;
      for (const [mediaType, media] of Object.entries((response.content ?? {}) as Json)) {
        for (const [example, exampleNode] of Object.entries(((media as Json).examples ?? {}) as Json)) {
          cases.push({
            operationId: op.operationId as string,
            statusKey,
            status,
            mediaType,
            example,
            value: resolve(exampleNode).value,
            retryAfter: retryAfterHeader?.example as string | undefined,
          });
        }
      }
    }
  }
}

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";

function clientAnswering(c: Case, body: unknown) {
  const headers: Record<string, string> = { "content-type": c.mediaType };
  if (c.retryAfter !== undefined) {
    headers["retry-after"] = c.retryAfter;
  }
  return createFaasClient({
    baseUrl: "va.faasgw.liveperson.net",
    accountId: "12345678",
    retry: { maxRetries: 0 },
    fetch: async () => respond(c.status, body, { headers }),
  });
}

function call(c: Case, body: unknown): Promise<unknown> {
  const client = clientAnswering(c, body);
  switch (c.operationId) {
    case "invokeLambda":
      return client.invoke(LAMBDA, { any: "payload" });
    case "invokeEvent":
      return client.invokeEvent(EVENT, { any: "payload" });
    case "isEventImplemented":
      return client.isImplemented(EVENT);
    default:
      throw new Error(`unknown operation ${c.operationId}`);
  }
}

function bodyOf(c: Case): string {
  return c.mediaType === "application/json" ? JSON.stringify(c.value) : String(c.value);
}

describe("spec examples", () => {
  it("cover every documented status of every operation", () => {
    const covered = (operationId: string) =>
      [...new Set(cases.filter((c) => c.operationId === operationId).map((c) => c.statusKey))].sort();
    const invokeStatuses = [
      "200",
      "202",
      "400",
      "401",
      "403",
      "404",
      "405",
      "408",
      "429",
      "500",
      "502",
      "504",
      "default",
    ];
    expect(covered("invokeLambda")).toEqual(invokeStatuses);
    expect(covered("invokeEvent")).toEqual(invokeStatuses);
    expect(covered("isEventImplemented")).toEqual(
      invokeStatuses.filter((s) => !["202", "default"].includes(s)),
    );
    expect(cases.filter((c) => c.statusKey === "default").every((c) => c.status === 901)).toBe(true);
  });

  const successes = cases.filter((c) => c.status >= 200 && c.status <= 299);
  const failures = cases.filter((c) => c.status < 200 || c.status > 299);

  it.each(successes.map((c) => [`${c.operationId} ${c.statusKey} ${c.example}`, c] as const))(
    "%s parses to the example value",
    async (_name, c) => {
      const result = await call(c, bodyOf(c));
      if (c.operationId === "isEventImplemented") {
        expect(result).toBe((c.value as { implemented: boolean }).implemented);
      } else {
        expect(result).toMatchObject({ status: c.status, data: c.value });
        expect((result as { data: unknown }).data).toEqual(c.value);
      }
    },
  );

  it.each(failures.map((c) => [`${c.operationId} ${c.statusKey} ${c.mediaType} ${c.example}`, c] as const))(
    "%s maps to the right typed error",
    async (_name, c) => {
      const error = (await rejection(call(c, bodyOf(c)))) as LpkitError;
      const body = c.mediaType === "application/json" ? (c.value as Json) : undefined;
      const errorCode = (body?.errorCode ?? body?.code) as string | undefined;
      const errorMessage = (body?.errorMsg ?? body?.message) as string | undefined;
      const expected = c.status === 901 || isFunctionErrorCode(errorCode) ? FunctionError : GatewayError;
      expect(error).toBeInstanceOf(expected);
      const faasError = error as FunctionError | GatewayError;
      expect(faasError.status).toBe(c.status);
      expect(faasError.errorCode).toBe(errorCode);
      expect(faasError.errorMessage).toBe(errorMessage);
      expect(faasError.logs).toEqual(body?.errorLogs ?? []);
      expect(faasError.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(faasError.retryAfterMs).toBe(
        c.retryAfter === undefined ? undefined : Number(c.retryAfter) * 1000,
      );
      if (body === undefined) {
        expect(faasError.message).toContain(`body: ${String(c.value).slice(0, 40)}`);
      } else {
        expect(faasError.message).toContain(`${errorCode}: ${errorMessage}`);
      }
    },
  );

  it("has both function and gateway failures among the examples", () => {
    const functionFailures = failures.filter(
      (c) =>
        c.status === 901 ||
        isFunctionErrorCode(((c.value as Json).errorCode ?? (c.value as Json).code) as string),
    );
    expect(functionFailures.length).toBeGreaterThanOrEqual(6);
    expect(failures.length - functionFailures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(
    cases
      .filter((c) => c.mediaType === "text/html")
      .map((c) => [`${c.operationId} ${c.statusKey}`, c] as const),
  )("%s with an empty body (allowed by the spec) is a GatewayError", async (_name, c) => {
    const error = await rejection(call(c, undefined));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toContain("empty body");
  });
});
