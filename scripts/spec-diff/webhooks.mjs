// @module scripts/spec-diff/webhooks
// Compares the top-level `webhooks` of two OpenAPI 3.1 documents. A webhook runs the other way round
// from an operation: the API provider sends the request and the client (a receiver) answers it. So
// what the provider sends (headers, body) is judged like a *response*: a receiver breaks when a field
// or header it relies on disappears, stops being required, or widens. And what the receiver answers
// (the documented statuses) is judged like a *request*: a status that no longer counts as an answer
// breaks receivers that send it.
import { listWebhooks } from "./openapi.mjs";

function label(hook) {
  return [hook.operationId, hook.summary].filter(Boolean).join(" — ") || hook.key;
}

/**
 * Reports every webhook change from `base` to `head` (either may be null) through `report`;
 * `compareSent(baseContent, headContent, where)` compares a notification's content like a response's.
 * @example compareWebhooks(baseDoc, headDoc, { report, diff, baseResolver, headResolver, compareSent });
 */
export function compareWebhooks(base, head, { report, diff, baseResolver, headResolver, compareSent }) {
  const baseHooks = new Map(base === null ? [] : listWebhooks(base, baseResolver).map((h) => [h.key, h]));
  const headHooks = new Map(head === null ? [] : listWebhooks(head, headResolver).map((h) => [h.key, h]));
  for (const [key, baseHook] of baseHooks) {
    const headHook = headHooks.get(key);
    if (!headHook) {
      report(true, "removed-webhook", key, `webhook removed: ${label(baseHook)}`);
      continue;
    }
    if (baseHook.operationId !== headHook.operationId) {
      report(
        true,
        "renamed-operation",
        key,
        `operationId ${baseHook.operationId ?? "(none)"} → ${headHook.operationId ?? "(none)"}`,
      );
    }
    const context = { report, diff, baseResolver, headResolver, compareSent };
    compareSentParameters(baseHook, headHook, context);
    compareSentBody(baseHook, headHook, context);
    compareAnswers(baseHook, headHook, context);
  }
  for (const [key, headHook] of headHooks) {
    if (!baseHooks.has(key)) {
      report(false, "added-webhook", key, `new webhook: ${label(headHook)}`);
    }
  }
}

/** Headers (and other parameters) the provider sends: a receiver may require every one it saw. */
function compareSentParameters(baseHook, headHook, { report, diff }) {
  for (const [key, baseParam] of baseHook.parameters) {
    const where = `${baseHook.key} ${key}`;
    const headParam = headHook.parameters.get(key);
    if (!headParam) {
      report(true, "removed-parameter", where, "the provider no longer sends this parameter");
      continue;
    }
    if (baseParam.required === true && headParam.required !== true) {
      report(true, "response-field-optional", where, "the parameter is no longer always sent");
    } else if (baseParam.required !== true && headParam.required === true) {
      report(false, "parameter-required", where, "the parameter is now always sent");
    }
    if (baseParam.schema !== undefined || headParam.schema !== undefined) {
      diff(baseParam.schema ?? {}, headParam.schema ?? {}, where, "response");
    }
  }
  for (const [key] of headHook.parameters) {
    if (!baseHook.parameters.has(key)) {
      report(false, "added-parameter", `${headHook.key} ${key}`, "the provider sends a new parameter");
    }
  }
}

/** The notification body the provider sends: compared as a response body. */
function compareSentBody(baseHook, headHook, { report, baseResolver, headResolver, compareSent }) {
  const where = `${baseHook.key} body`;
  const baseBody =
    baseHook.operation.requestBody && baseResolver.resolve(baseHook.operation.requestBody).node;
  const headBody =
    headHook.operation.requestBody && headResolver.resolve(headHook.operation.requestBody).node;
  if (!baseBody && !headBody) {
    return;
  }
  if (!headBody) {
    report(true, "removed-body", where, "the notification no longer has a body");
    return;
  }
  if (!baseBody) {
    report(false, "added-body", where, "the notification has a body now");
    return;
  }
  compareSent(baseBody.content, headBody.content, where);
}

/** The statuses a receiver may answer: one that disappears breaks receivers answering it. */
function compareAnswers(baseHook, headHook, { report }) {
  const baseResponses = baseHook.operation.responses ?? {};
  const headResponses = headHook.operation.responses ?? {};
  for (const status of Object.keys(baseResponses)) {
    if (!(status in headResponses)) {
      report(true, "removed-status", `${baseHook.key} ${status}`, `answer ${status} no longer documented`);
    }
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses)) {
      report(false, "added-status", `${headHook.key} ${status}`, `answer ${status} documented`);
    }
  }
}
