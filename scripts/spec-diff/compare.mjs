// @module scripts/spec-diff/compare
// Compares two versions of one OpenAPI document operation by operation (and webhook by webhook, see
// scripts/spec-diff/webhooks.mjs) and classifies every change as breaking or not (see
// scripts/spec-diff/schema-diff.mjs for the schema rules).
import { createResolver, listOperations } from "./openapi.mjs";
import { createSchemaDiffer } from "./schema-diff.mjs";
import { compareWebhooks } from "./webhooks.mjs";

/**
 * @typedef {object} Change
 * @property {boolean} breaking
 * @property {string} kind    stable identifier, e.g. "removed-operation", "new-required-parameter"
 * @property {string} where   e.g. "GET /api/{}/x query:limit"
 * @property {string} message human-readable detail
 */

/**
 * Lists the changes from `base` to `head` (parsed documents; `base` may be null for a new spec and
 * `head` null for a deleted one). `load.base(file)` / `load.head(file)` supply other files that
 * `$ref`s point to.
 * @example
 * const changes = compareSpecs(baseDoc, headDoc);
 * const breaking = changes.filter((change) => change.breaking);
 * @returns {Change[]}
 */
export function compareSpecs(base, head, load = {}) {
  const changes = [];
  const report = (breaking, kind, where, message) => changes.push({ breaking, kind, where, message });
  if (base === null && head === null) {
    return changes;
  }
  if (base === null) {
    report(false, "new-spec", "(spec)", "new spec: every operation is new");
    const headResolver = createResolver(head, load.head);
    for (const op of listOperations(head, headResolver)) {
      report(false, "added-operation", op.key, label(op));
    }
    const none = () => {};
    compareWebhooks(null, head, {
      report,
      diff: none,
      baseResolver: headResolver,
      headResolver,
      compareSent: none,
    });
    return changes;
  }
  const baseResolver = createResolver(base, load.base);
  const headResolver = createResolver(head ?? { paths: {} }, load.head);
  const diff = createSchemaDiffer(baseResolver, headResolver, report);
  const baseOps = new Map(listOperations(base, baseResolver).map((op) => [op.key, op]));
  const headOps = new Map(head === null ? [] : listOperations(head, headResolver).map((op) => [op.key, op]));
  if (head === null) {
    report(true, "removed-spec", "(spec)", "spec deleted: every operation is removed");
  }

  for (const [key, baseOp] of baseOps) {
    const headOp = headOps.get(key);
    if (!headOp) {
      report(true, "removed-operation", key, `operation removed: ${label(baseOp)}`);
      continue;
    }
    if (baseOp.operationId !== headOp.operationId) {
      report(
        true,
        "renamed-operation",
        key,
        `operationId ${baseOp.operationId ?? "(none)"} → ${headOp.operationId ?? "(none)"}`,
      );
    }
    if (baseOp.operation.deprecated !== true && headOp.operation.deprecated === true) {
      report(false, "deprecated-operation", key, "operation deprecated");
    }
    compareParameters(baseOp, headOp, { report, diff, baseResolver, headResolver });
    compareRequestBody(baseOp, headOp, { report, diff, baseResolver, headResolver });
    compareResponses(baseOp, headOp, { report, diff, baseResolver, headResolver });
  }
  for (const [key, headOp] of headOps) {
    if (!baseOps.has(key)) {
      report(false, "added-operation", key, `new operation: ${label(headOp)}`);
    }
  }
  const compareSent = (baseContent, headContent, where) =>
    compareResponseContent(baseContent, headContent, where, { report, diff }, { addedBreaks: true });
  compareWebhooks(base, head, { report, diff, baseResolver, headResolver, compareSent });
  return changes;
}

function label(op) {
  return [op.operationId, op.summary].filter(Boolean).join(" — ") || op.key;
}

function compareParameters(baseOp, headOp, { report, diff }) {
  for (const [key, baseParam] of baseOp.parameters) {
    const where = `${baseOp.key} ${key}`;
    const headParam = headOp.parameters.get(key);
    if (!headParam) {
      report(true, "removed-parameter", where, "parameter removed");
      continue;
    }
    if (baseParam.required !== true && headParam.required === true) {
      report(true, "new-required-parameter", where, "parameter became required");
    } else if (baseParam.required === true && headParam.required !== true) {
      report(false, "parameter-optional", where, "parameter became optional");
    }
    if (baseParam.schema !== undefined || headParam.schema !== undefined) {
      diff(baseParam.schema ?? {}, headParam.schema ?? {}, where, "request");
    }
  }
  for (const [key, headParam] of headOp.parameters) {
    if (baseOp.parameters.has(key)) {
      continue;
    }
    const where = `${headOp.key} ${key}`;
    if (headParam.required === true) {
      report(true, "new-required-parameter", where, "new required parameter");
    } else {
      report(false, "added-parameter", where, "new optional parameter");
    }
  }
}

function compareRequestBody(baseOp, headOp, { report, diff, baseResolver, headResolver }) {
  const where = `${baseOp.key} body`;
  const baseBody = baseOp.operation.requestBody && baseResolver.resolve(baseOp.operation.requestBody).node;
  const headBody = headOp.operation.requestBody && headResolver.resolve(headOp.operation.requestBody).node;
  if (!baseBody && !headBody) {
    return;
  }
  if (!baseBody) {
    report(
      headBody.required === true,
      headBody.required === true ? "new-required-body" : "added-body",
      where,
      `new ${headBody.required === true ? "required" : "optional"} request body`,
    );
    return;
  }
  if (!headBody) {
    report(true, "removed-body", where, "request body removed");
    return;
  }
  if (baseBody.required !== true && headBody.required === true) {
    report(true, "new-required-body", where, "request body became required");
  }
  compareContent(baseBody.content, headBody.content, where, "request", { report, diff });
}

function compareContent(baseContent = {}, headContent = {}, where, direction, { report, diff }) {
  for (const mediaType of Object.keys(baseContent)) {
    const at = `${where} ${mediaType}`;
    if (!(mediaType in headContent)) {
      report(true, "removed-media-type", at, "media type removed");
      continue;
    }
    const baseSchema = baseContent[mediaType]?.schema;
    const headSchema = headContent[mediaType]?.schema;
    if (baseSchema !== undefined || headSchema !== undefined) {
      diff(baseSchema ?? {}, headSchema ?? {}, at, direction);
    }
  }
  for (const mediaType of Object.keys(headContent)) {
    if (!(mediaType in baseContent)) {
      report(direction === "response", "added-media-type", `${where} ${mediaType}`, "media type added");
    }
  }
}

function compareResponses(baseOp, headOp, { report, diff, baseResolver, headResolver }) {
  const baseResponses = baseOp.operation.responses ?? {};
  const headResponses = headOp.operation.responses ?? {};
  for (const status of Object.keys(baseResponses)) {
    const where = `${baseOp.key} ${status}`;
    if (!(status in headResponses)) {
      report(true, "removed-status", where, `status ${status} removed`);
      continue;
    }
    const baseResponse = baseResolver.resolve(baseResponses[status]).node ?? {};
    const headResponse = headResolver.resolve(headResponses[status]).node ?? {};
    compareHeaders(baseResponse.headers, headResponse.headers, where, {
      report,
      diff,
      baseResolver,
      headResolver,
    });
    compareResponseContent(baseResponse.content, headResponse.content, where, { report, diff });
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses)) {
      report(false, "added-status", `${headOp.key} ${status}`, `status ${status} added`);
    }
  }
}

/**
 * Content sent to the client (a response, or a webhook's notification) that loses a media type the
 * client accepts breaks it. A new media type is listed, and breaking only where the client cannot
 * choose what it gets (`addedBreaks`: a webhook has no content negotiation).
 */
export function compareResponseContent(
  baseContent = {},
  headContent = {},
  where,
  { report, diff },
  { addedBreaks = false } = {},
) {
  for (const mediaType of Object.keys(baseContent)) {
    const at = `${where} ${mediaType}`;
    if (!(mediaType in headContent)) {
      report(true, "removed-media-type", at, "media type no longer sent");
      continue;
    }
    const baseSchema = baseContent[mediaType]?.schema;
    const headSchema = headContent[mediaType]?.schema;
    if (baseSchema !== undefined || headSchema !== undefined) {
      diff(baseSchema ?? {}, headSchema ?? {}, at, "response");
    }
  }
  for (const mediaType of Object.keys(headContent)) {
    if (!(mediaType in baseContent)) {
      report(addedBreaks, "added-media-type", `${where} ${mediaType}`, "media type added");
    }
  }
}

function compareHeaders(
  baseHeaders = {},
  headHeaders = {},
  where,
  { report, diff, baseResolver, headResolver },
) {
  const lower = (headers) =>
    new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const base = lower(baseHeaders);
  const head = lower(headHeaders);
  for (const [name, rawBase] of base) {
    const at = `${where} header:${name}`;
    if (!head.has(name)) {
      report(true, "removed-response-field", at, "response header removed");
      continue;
    }
    const baseHeader = baseResolver.resolve(rawBase).node ?? {};
    const headHeader = headResolver.resolve(head.get(name)).node ?? {};
    if (baseHeader.required === true && headHeader.required !== true) {
      report(true, "response-field-optional", at, "response header is no longer always sent");
    }
    if (baseHeader.schema !== undefined || headHeader.schema !== undefined) {
      diff(baseHeader.schema ?? {}, headHeader.schema ?? {}, at, "response");
    }
  }
  for (const name of head.keys()) {
    if (!base.has(name)) {
      report(false, "added-response-field", `${where} header:${name}`, "response header added");
    }
  }
}
