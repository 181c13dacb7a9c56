// @module scripts/docs.test
// The offline guards of `pnpm docs` (no browser needed; scripts/docs.e2e.mjs renders the pages).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildDocs, externalResources, inlineRedoclyLogo, landingPage } from "./docs.mjs";
import { baseText } from "./spec-diff/fixtures.mjs";

describe("docs", () => {
  it("finds remote scripts, stylesheets, images and CSS imports, not plain links", () => {
    const html = [
      '<script src="https://cdn.example/redoc.js"></script>',
      "<link rel=stylesheet href=//fonts.example/css>",
      '<img alt="" src="http://img.example/a.png">',
      "<style>@import 'https://x.example/a.css'; body { background: url(https://x.example/b.png) }</style>",
      '<a href="https://redocly.com/">fine</a><script src="./local.js"></script><img src="data:image/png;base64,AA">',
    ].join("\n");
    assert.deepEqual(externalResources(html).sort(), [
      "//fonts.example/css",
      "http://img.example/a.png",
      "https://cdn.example/redoc.js",
      "https://x.example/a.css",
      "https://x.example/b.png",
    ]);
  });

  it("replaces Redoc's remote logo with an inline SVG", () => {
    const page =
      "src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`";
    const fixed = inlineRedoclyLogo(page);
    assert.doesNotMatch(fixed, /cdn\.redoc\.ly/);
    assert.match(fixed, /^src:e\?`data:image\/svg\+xml,[^`$]+`:`data:image\/svg\+xml,[^`$]+`$/);
  });

  it("escapes spec text on the landing page", () => {
    const html = landingPage([
      {
        spec: "specs/x.yaml",
        file: "x.html",
        title: "<b>X</b>",
        version: "1",
        summary: 'a "quoted" & <odd> summary',
        operations: [{ method: "get", path: "/x/{id}", operationId: "getX", summary: "<script>" }],
        webhooks: [{ method: "post", name: "<img src=x>", operationId: "onX", summary: "<i>hook</i>" }],
      },
    ]);
    assert.doesNotMatch(html, /<b>X<\/b>|<script>|<odd>/);
    assert.match(html, /&lt;b&gt;X&lt;\/b&gt;/);
    assert.match(html, /href="x\.html#operation\/getX"/);
    assert.match(html, /href="x\.html#operation\/onX"/);
    assert.doesNotMatch(html, /<img src=x>|<i>hook/);
    assert.deepEqual(externalResources(html), []);
  });

  it("builds a self-contained page per spec and a landing page (fixture spec)", (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lpkit-docs-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "fixture.yaml"), baseText());
    const apis = buildDocs({ specsDir: dir, outDir: join(dir, "out"), log: () => {} });
    assert.deepEqual(
      apis.map((api) => [api.file, api.operations.map((op) => op.operationId)]),
      [["fixture.html", ["listLambdas", "deleteLambda", "invokeLambda"]]],
    );
    assert.deepEqual(apis[0].webhooks, [
      {
        method: "post",
        name: "lambdaFinished",
        operationId: "onLambdaFinished",
        summary: "A function finished",
      },
    ]);
    const html = readFileSync(join(dir, "out", "fixture.html"), "utf8");
    assert.deepEqual(externalResources(html), []);
    assert.doesNotMatch(html, /cdn\.redoc\.ly/);
    assert.match(html, /"disableTelemetry":true/);
    assert.match(readFileSync(join(dir, "out", "index.html"), "utf8"), /href="fixture\.html"/);
  });

  it("fails on a spec Redocly cannot build", (t) => {
    const dir = mkdtempSync(join(tmpdir(), "lpkit-docs-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "broken.yaml"), "openapi: 3.1.0\ninfo: [not, a, mapping\n");
    assert.throws(
      () => buildDocs({ specsDir: dir, outDir: join(dir, "out"), log: () => {} }),
      /broken\.yaml/,
    );
  });
});
