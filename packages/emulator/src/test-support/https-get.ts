/**
 * Test support: a small HTTPS GET with an explicit CA and an optional host-name override
 * (connects to 127.0.0.1 while verifying the certificate for `servername`).
 *
 * @module
 */
import https from "node:https";

/** Status and body of an HTTPS GET. */
export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * GETs `url` trusting only `ca`; `servername` is the name the certificate must carry.
 *
 * @example
 * ```ts
 * await httpsGet("https://127.0.0.1:8443/sentinel/well-known/jwks", { ca });
 * ```
 */
export function httpsGet(
  url: string,
  options: { ca?: string | undefined; servername?: string },
): Promise<HttpsAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: "127.0.0.1",
        port: target.port,
        path: `${target.pathname}${target.search}`,
        ca: options.ca,
        servername: /^[\d.]+$/.test(options.servername ?? target.hostname)
          ? undefined
          : (options.servername ?? target.hostname),
        headers: { host: `${options.servername ?? target.hostname}:${target.port}` },
        agent: false,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
  });
}
