/**
 * The spellings under which a secret may come back in a server's answer: as sent in the form body
 * (form-encoded), percent-encoded, JSON-escaped, or verbatim. All of them are redacted.
 *
 * @module
 */

/**
 * Every distinct spelling of `secret` that a server could echo.
 *
 * @example
 * ```ts
 * secretForms("a b&c"); // ["a b&c", "a+b%26c", "a%20b%26c"]
 * ```
 */
export function secretForms(secret: string): string[] {
  const forms = [
    secret,
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
  return [...new Set(forms)];
}
