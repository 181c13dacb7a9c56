/**
 * Test support: records every exchange an emulator has and checks each against `specs/*.yaml`
 * with an OpenAPI validator (openapi-backend, Ajv) — status documented, content type
 * documented, JSON body valid against the schema — and, for requests, parameters and body.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OpenAPIBackend } from "openapi-backend";
import { parse } from "yaml";
import type { Exchange } from "../exchange.js";
import { mediaType } from "../http-types.js";
import type { ApiName } from "../routes.js";

/** The repository's `specs/` folder. */
export const SPECS_DIR = fileURLToPath(new URL("../../../../specs/", import.meta.url));

/** One way an exchange disagrees with the spec. */
export interface Violation {
  readonly kind: "request" | "response";
  readonly operationId: string;
  readonly status: number;
  readonly where: string;
  readonly detail: string;
}

interface OperationObject {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

interface LoadedApi {
  readonly backend: OpenAPIBackend;
  readonly operations: Map<string, OperationObject>;
}

/** Loads and dereferences a spec; cached per process. */
const loaded = new Map<ApiName, Promise<LoadedApi>>();

function loadApi(api: ApiName): Promise<LoadedApi> {
  let promise = loaded.get(api);
  if (!promise) {
    promise = (async () => {
      const definition = parse(readFileSync(`${SPECS_DIR}${api}.yaml`, "utf8"));
      const backend = new OpenAPIBackend({
        definition,
        quick: true,
        strict: false,
        validate: true,
        customizeAjv: (ajv) => {
          ajv.addFormat(
            "uuid",
            /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
          );
          ajv.addFormat("password", true);
          return ajv;
        },
      });
      await backend.init();
      const operations = new Map<string, OperationObject>();
      for (const operation of backend.getOperations()) {
        if (operation.operationId) {
          operations.set(operation.operationId, operation as unknown as OperationObject);
        }
      }
      return { backend, operations };
    })();
    loaded.set(api, promise);
  }
  return promise;
}

/** Fault kinds whose answers are broken on purpose (not checked). */
const BROKEN_ON_PURPOSE = new Set(["malformed-json", "truncated-json", "wrong-content-type"]);

/**
 * Whether an answer is broken on purpose. An `empty-body` fault is, on a success status (a 200
 * without its JSON); on an error status it is what a proxy sends and the specs model it.
 */
function brokenOnPurpose(exchange: Exchange): boolean {
  if (!exchange.fault) {
    return false;
  }
  return exchange.fault === "empty-body"
    ? (exchange.response?.status ?? 0) < 400
    : BROKEN_ON_PURPOSE.has(exchange.fault);
}

function queryObject(search: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = result[key];
    result[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function requestBody(exchange: Exchange): unknown {
  const { body, headers } = exchange.request;
  if (body === "") {
    return undefined;
  }
  const type = mediaType(headers["content-type"]);
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (type === "application/json") {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return body;
}

function describeErrors(errors: unknown): string {
  return JSON.stringify(errors, null, 0).slice(0, 600);
}

async function checkResponse(api: LoadedApi, exchange: Exchange): Promise<Violation[]> {
  const response = exchange.response;
  const operationId = exchange.operationId as string;
  if (!response) {
    return [];
  }
  const violation = (where: string, detail: string): Violation => ({
    kind: "response",
    operationId,
    status: response.status,
    where,
    detail,
  });
  const operation = api.operations.get(operationId);
  if (!operation) {
    return [violation("operation", `no operation ${operationId} in the spec`)];
  }
  const responses = operation.responses ?? {};
  const key = String(response.status) in responses ? String(response.status) : "default";
  const documented = responses[key];
  if (!documented) {
    return [violation("status", `status ${response.status} is not documented and there is no default`)];
  }
  const content = documented.content ?? {};
  const type = mediaType(response.headers["content-type"]);
  if (exchange.request.method === "HEAD" || Object.keys(content).length === 0) {
    return [];
  }
  if (response.body === "" && type === "") {
    return [
      violation(
        "body",
        `an empty body without a content type, but the spec documents ${Object.keys(content).join(", ")}`,
      ),
    ];
  }
  if (!(type in content)) {
    return [
      violation(
        "content-type",
        `${type || "(none)"} is not one of ${Object.keys(content).join(", ") || "(no content)"}`,
      ),
    ];
  }
  if (type !== "application/json") {
    return textViolations(content[type], response.body, violation);
  }
  let value: unknown;
  try {
    value = JSON.parse(response.body);
  } catch {
    return [violation("body", "not valid JSON")];
  }
  const result = api.backend.validateResponse(value, operationId, response.status);
  return result.valid ? [] : [violation("body", describeErrors(result.errors))];
}

/** Checks a text body against a `type: string` schema's `maxLength` (the specs' "empty body" case). */
function textViolations(
  media: unknown,
  body: string,
  violation: (where: string, detail: string) => Violation,
): Violation[] {
  const schema = (media as { schema?: { type?: string; maxLength?: number } } | undefined)?.schema;
  if (schema?.maxLength !== undefined && body.length > schema.maxLength) {
    return [violation("body", `text longer than the documented maxLength ${schema.maxLength}`)];
  }
  return [];
}

async function checkRequest(api: LoadedApi, exchange: Exchange): Promise<Violation[]> {
  const operationId = exchange.operationId as string;
  const result = api.backend.validateRequest(
    {
      method: exchange.request.method.toLowerCase(),
      path: exchange.request.path,
      query: queryObject(exchange.request.search),
      headers: { ...exchange.request.headers },
      body: requestBody(exchange),
    },
    operationId,
  );
  return result.valid
    ? []
    : [
        {
          kind: "request",
          operationId,
          status: exchange.response?.status ?? 0,
          where: `${exchange.request.method} ${exchange.request.path}${exchange.request.search}`,
          detail: describeErrors(result.errors),
        },
      ];
}

/** Records exchanges; `check()` validates them against the specs. */
export interface ConformanceRecorder {
  /** Pass as `createEmulator({ onExchange })`. */
  readonly onExchange: (exchange: Exchange) => void;
  /** Every exchange so far. */
  readonly exchanges: readonly Exchange[];
  /** Validates every recorded exchange. */
  check(): Promise<{ checkedResponses: number; checkedRequests: number; violations: Violation[] }>;
}

/**
 * Creates a recorder. With `requests: "strict"` every request must validate too (use it where
 * only well-behaved clients — lpkit's — talk to the emulator); with `"ignore"` requests are not
 * checked (tests that send malformed requests on purpose).
 *
 * @example
 * ```ts
 * const recorder = createConformanceRecorder({ requests: "ignore" });
 * const emulator = createEmulator({ onExchange: recorder.onExchange });
 * afterAll(async () => expect((await recorder.check()).violations).toEqual([]));
 * ```
 */
export function createConformanceRecorder(options: { requests: "strict" | "ignore" }): ConformanceRecorder {
  const exchanges: Exchange[] = [];
  return {
    onExchange: (exchange) => {
      exchanges.push(exchange);
    },
    exchanges,
    async check() {
      const violations: Violation[] = [];
      let checkedResponses = 0;
      let checkedRequests = 0;
      for (const exchange of exchanges) {
        if (!exchange.api || !exchange.operationId) {
          continue;
        }
        const api = await loadApi(exchange.api);
        if (exchange.response && !brokenOnPurpose(exchange)) {
          checkedResponses += 1;
          violations.push(...(await checkResponse(api, exchange)));
        }
        // A body the emulator refused before reading is not in the record: nothing to validate.
        if (options.requests === "strict" && !exchange.bodyUnread) {
          checkedRequests += 1;
          violations.push(...(await checkRequest(api, exchange)));
        }
      }
      return { checkedResponses, checkedRequests, violations };
    },
  };
}

/** Validates one request against its operation (for tests about specific requests). */
export async function requestViolations(exchange: Exchange): Promise<Violation[]> {
  if (!exchange.api || !exchange.operationId) {
    return [];
  }
  return checkRequest(await loadApi(exchange.api), exchange);
}
