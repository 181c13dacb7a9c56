/**
 * Bare `node:https` with a keep-alive `Agent`, hand-written: the request written, the answer's
 * chunks collected and parsed as JSON; a reused socket the server had closed is retried once, as
 * Node's documentation of `request.reusedSocket` shows.
 *
 * @module
 */
import { Agent, request } from "node:https";
import { checkEcho } from "../workload.js";
import { invokeBody, lookUpAndAuthorize } from "./setup.js";
import type { ContenderFactory } from "./types.js";

/**
 * Looks up the hosts and fetches one token with `fetch`, then invokes through `https.request`.
 *
 * @example
 * ```ts
 * const https = await createNodeHttps(env);
 * await https.invoke();
 * ```
 */
export const createNodeHttps: ContenderFactory = async (env) => {
  const target = await lookUpAndAuthorize(env, "node:https");
  const { hostname, port } = new URL(target.origin);
  const agent = new Agent({ keepAlive: true });
  const post = (body: string, retried = false) =>
    new Promise<unknown>((resolve, reject) => {
      const sent = request(
        {
          host: hostname,
          port: port || 443,
          path: target.path,
          method: "POST",
          agent,
          headers: {
            authorization: target.authorization,
            "content-type": "application/json",
            accept: "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            if (response.statusCode !== 200) {
              reject(new Error(`node:https: invoke answered ${response.statusCode}`));
              return;
            }
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      sent.on("error", (error: NodeJS.ErrnoException) => {
        // Node's documented pattern: a kept-alive socket the server closed meanwhile is retried once
        // on a fresh one (the server closed it while it sat idle in the pool).
        if (!retried && sent.reusedSocket && error.code === "ECONNRESET") {
          post(body, true).then(resolve, reject);
          return;
        }
        reject(error);
      });
      sent.end(body);
    });
  return {
    async invoke() {
      checkEcho(await post(invokeBody()));
    },
  };
};
