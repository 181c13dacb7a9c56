// Runs on Node, Bun, Deno and Workers: no source imports a node: module or touches a Node global,
// the package bundles for a neutral platform, and the bundle verifies and receives a delivery in
// a fresh JavaScript realm that has only web-standard globals.
import { readdirSync, readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { ACCOUNT, agentText, CLIENT, messaging, nodeSignature, SECRET } from "./test-support/webhooks.js";

const root = new URL("./", import.meta.url);
const shipped = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
  (f) =>
    f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts") && !f.startsWith("test-support"),
);

describe("portability", () => {
  it("finds the shipped sources", () => {
    expect(shipped).toEqual(
      expect.arrayContaining(["index.ts", "webhooks/signature.ts", "webhooks/receiver.ts"]),
    );
  });

  it.each(shipped)("%s imports no node: module and uses no Node global", (file) => {
    const source = readFileSync(new URL(file, root), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    expect(source).not.toMatch(/from\s+["']node:/);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(|\bsetImmediate\b/);
  });

  it("verifies and receives a delivery in a realm with web-standard globals only", async () => {
    const bundle = await build({
      entryPoints: [new URL("index.ts", root).pathname],
      bundle: true,
      write: false,
      format: "iife",
      globalName: "connector",
      platform: "neutral",
      mainFields: ["module", "main"],
      conditions: ["import"],
      logLevel: "silent",
    });
    const code = bundle.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/require\(["']node:/);
    const web = {
      crypto,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
      Request,
      Response,
      Headers,
      ReadableStream,
      URL,
    };
    const sandbox: Record<string, unknown> = { ...web, setTimeout, clearTimeout, result: undefined };
    const body = messaging([agentText(1, "from a worker 😀")]);
    sandbox.input = { body, signature: nodeSignature(body, SECRET), ACCOUNT, CLIENT, SECRET };
    runInNewContext(
      `${code}
      result = (async () => {
        const seen = [];
        const receiver = connector.createWebhookReceiver({
          accountId: input.ACCOUNT, clientId: input.CLIENT, clientSecret: input.SECRET,
          onContent: (e) => { seen.push(e.change.event.message); },
        });
        const headers = { "x-liveperson-account-id": input.ACCOUNT, "x-liveperson-client-id": input.CLIENT, "x-liveperson-signature": input.signature };
        const ok = await receiver.handle(new Request("https://w/", { method: "POST", headers, body: input.body }));
        const forged = await receiver.handle(new Request("https://w/", { method: "POST", headers: { ...headers, "x-liveperson-signature": "sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, body: input.body }));
        await receiver.idle();
        const signed = await connector.signWebhookBody(input.body, input.SECRET);
        return [ok.status, forged.status, seen.join(), signed === input.signature, typeof process, typeof Buffer];
      })();`,
      sandbox,
    );
    expect(await (sandbox.result as Promise<unknown[]>)).toEqual([
      200,
      401,
      "from a worker 😀",
      true,
      "undefined",
      "undefined",
    ]);
  });
});
