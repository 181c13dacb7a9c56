/**
 * The emulator's internal request and response values: a request read in full, and a response
 * computed before it is written (so faults can replace or mangle it).
 *
 * @module
 */

/**
 * A request as the emulator's routes see it: method, path, query, headers and the whole body.
 *
 * @example
 * ```ts
 * createEmulator({ onExchange: ({ request }) => console.log(request.method, request.path, request.search) });
 * ```
 */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/sentinel/well-known/jwks`. */
  readonly path: string;
  /** The raw query string including `?`, or `""`. */
  readonly search: string;
  readonly query: URLSearchParams;
  /** Request headers, names lower-cased; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (UTF-8). */
  readonly body: string;
}

/**
 * A response the emulator is about to send.
 *
 * @example
 * ```ts
 * createEmulator({ onExchange: ({ response }) => console.log(response?.status, response?.headers["content-type"]) });
 * ```
 */
export interface EmulatorResponse {
  readonly status: number;
  /** Response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A default error body that is not JSON (an API whose spec documents only `text/html` or
 * `text/plain` for a status), as an API's default error body may return it.
 *
 * @example
 * ```ts
 * new TextBody("<html><body><h1>503 Service Unavailable</h1></body></html>", "text/html");
 * ```
 */
export class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/** The content type the emulator sends with JSON bodies (as Sentinel's documented sample shows). */
export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

/**
 * Builds a JSON response.
 *
 * @example
 * ```ts
 * jsonResponse(200, { implemented: true });
 * ```
 */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": JSON_CONTENT_TYPE, ...headers },
    body: JSON.stringify(value === undefined ? null : value),
  };
}

/**
 * Builds a plain response with a given content type.
 *
 * @example
 * ```ts
 * textResponse(502, "<html>…</html>", "text/html;charset=utf-8");
 * ```
 */
export function textResponse(status: number, body: string, contentType?: string): EmulatorResponse {
  return { status, headers: contentType ? { "content-type": contentType } : {}, body };
}

/** The media type of a content-type header value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
