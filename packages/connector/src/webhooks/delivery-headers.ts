/**
 * The three `x-liveperson-*` headers of a webhook delivery: present once each, well-formed, and
 * naming the expected account and application installation. Refusals never quote the values.
 *
 * @module
 */
import { WebhookHeaderError, WebhookOriginError } from "@lpkit/core";
import { ACCOUNT_ID_PATTERN } from "@lpkit/core/internal";

/** Headers as a `Request`/`Headers` (`get`) or a Node-style record (`IncomingMessage.headers`). */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The delivery's identity, as its headers state it. */
export interface DeliveryHeaders {
  readonly accountId: string;
  readonly clientId: string;
  readonly signature: string;
}

export const ACCOUNT_HEADER = "x-liveperson-account-id";
export const CLIENT_HEADER = "x-liveperson-client-id";
export const SIGNATURE_HEADER = "x-liveperson-signature";

const VISIBLE = /^[\x21-\x7e]+$/;

/** One header's value(s); a record's keys are matched case-insensitively. */
export function headerValues(source: HeaderSource, name: string): readonly string[] {
  if (typeof (source as { get?: unknown }).get === "function") {
    const value = (source as { get(name: string): string | null }).get(name);
    // `Headers` joins repeated headers with ", ".
    return value === null ? [] : value.split(",").map((part) => part.trim());
  }
  const record = source as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = name in record ? name : Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  if (value === undefined) {
    return [];
  }
  return (typeof value === "string" ? [value] : [...value]).flatMap((v) =>
    v.split(",").map((part) => part.trim()),
  );
}

function single(source: HeaderSource, name: string, max: number): string {
  const values = headerValues(source, name);
  if (values.length === 0 || values[0] === "") {
    throw new WebhookHeaderError(name, `the ${name} header is missing`);
  }
  if (values.length > 1) {
    throw new WebhookHeaderError(name, `the ${name} header is repeated`);
  }
  const value = values[0] as string;
  if (value.length > max || !VISIBLE.test(value)) {
    throw new WebhookHeaderError(name, `the ${name} header is malformed`);
  }
  return value;
}

/**
 * Reads the three headers, throwing `WebhookHeaderError` for a missing, repeated or malformed one.
 *
 * @example
 * ```ts
 * const { accountId, clientId, signature } = readDeliveryHeaders(request.headers);
 * ```
 */
export function readDeliveryHeaders(source: HeaderSource): DeliveryHeaders {
  const accountId = single(source, ACCOUNT_HEADER, 64);
  if (!ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new WebhookHeaderError(ACCOUNT_HEADER, `the ${ACCOUNT_HEADER} header is not an account id`);
  }
  return {
    accountId,
    clientId: single(source, CLIENT_HEADER, 128),
    signature: single(source, SIGNATURE_HEADER, 256),
  };
}

/**
 * Checks that a delivery names the expected account and client, throwing `WebhookOriginError`.
 *
 * @example
 * ```ts
 * checkOrigin(readDeliveryHeaders(request.headers), { accountId: "12345678", clientId });
 * ```
 */
export function checkOrigin(
  headers: DeliveryHeaders,
  expected: { accountId: string; clientId: string },
): void {
  if (headers.accountId !== expected.accountId) {
    throw new WebhookOriginError(ACCOUNT_HEADER, "the delivery is for another account");
  }
  if (headers.clientId !== expected.clientId) {
    throw new WebhookOriginError(CLIENT_HEADER, "the delivery is for another application installation");
  }
}
