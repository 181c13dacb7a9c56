/**
 * Reading the Domain API's answers: error statuses and redirects to typed errors, and 2xx bodies to
 * JSON values of the documented shape.
 *
 * @module
 */
import { DomainApiError, UnexpectedResponseError } from "@lpkit/core";
import { type Answer, describeRedirect, redactSnippet } from "@lpkit/core/internal";
import { MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES } from "./constants.js";
import { type ServiceEntry, type SkippedEntry, toServiceEntries } from "./service-entry.js";

/** The error for a non-2xx answer: a redirect or error status is a `DomainApiError`, anything else unusable. */
export function toDomainApiError(
  answer: Answer,
  what: string,
  url: string,
): DomainApiError | UnexpectedResponseError {
  const { status, requestId } = answer;
  const redirect = describeRedirect(answer, url);
  if (redirect !== undefined && status !== 0) {
    return new DomainApiError(`${what} ${redirect}`, { status, requestId });
  }
  if (status < 200 || status > 599) {
    const hint = status === 0 ? " (a network error, or a browser's opaque redirect)" : "";
    return new UnexpectedResponseError(`${what}: unusable HTTP status ${status}${hint}`, {
      status,
      requestId,
    });
  }
  const statusText = answer.statusText ? ` ${answer.statusText}` : "";
  const body =
    answer.tooLarge || answer.text.length > MAX_ERROR_BODY_BYTES
      ? " (body too large to show)"
      : answer.text.trim()
        ? `: ${redactSnippet(answer.text)}`
        : "";
  return new DomainApiError(`${what} answered ${status}${statusText}${body}`, {
    status,
    requestId,
  });
}

export function jsonValue(answer: Answer, what: string, expected: string): unknown {
  if (answer.tooLarge) {
    throw new UnexpectedResponseError(`${what}: response body exceeds the ${MAX_BODY_BYTES}-byte limit`, {
      status: answer.status,
      requestId: answer.requestId,
    });
  }
  try {
    if (answer.text.trim() !== "") {
      return JSON.parse(answer.text) as unknown;
    }
  } catch {
    // Not JSON: reported below.
  }
  throw unexpected(answer, what, expected, false);
}

/** Where a skipped list item is reported (the client's `logger.warn`). */
export type SkippedReporter = (skipped: SkippedEntry) => void;

/** The list's entries; malformed items are skipped and reported, never fatal for the rest. */
export function expectList(
  value: unknown,
  answer: Answer,
  what: string,
  report: SkippedReporter,
): ServiceEntry[] {
  const list = toServiceEntries(value);
  if (!list) {
    throw unexpected(answer, what, "a service list", true);
  }
  for (const skipped of list.skipped) {
    report(skipped);
  }
  return list.entries;
}

export function unexpected(
  answer: Answer,
  what: string,
  expected: string,
  isJson: boolean,
): UnexpectedResponseError {
  const { text } = answer;
  const got = text.trim() === "" ? "an empty body" : isJson ? "JSON of another shape" : "a non-JSON body";
  return new UnexpectedResponseError(`${what} answered ${answer.status} with ${got} instead of ${expected}`, {
    status: answer.status,
    requestId: answer.requestId,
    bodySnippet: redactSnippet(text),
  });
}
