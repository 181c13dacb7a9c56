#!/usr/bin/env node
// @module scripts/docs
// `pnpm docs [--specs <dir>] [--out <dir>]`: builds one self-contained API reference page per spec
// (Redocly CLI `build-docs --inlineBundle`: Redoc's script is embedded, nothing is loaded from a CDN)
// plus a landing page, into artifacts/docs/ (gitignored), and the TypeScript API reference of every
// published package into artifacts/docs/api/ (TypeDoc, scripts/api-reference.mjs). Every page works from
// file:// offline; the build fails when a page still references an external script, stylesheet or font.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildApiReference, publicEntryPoints } from "./api-reference.mjs";
import { listOperations, listWebhooks, parseSpec } from "./spec-diff/openapi.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REDOCLY = join(ROOT, "node_modules", ".bin", "redocly");

/**
 * Finds references that would make a page load something from the network: `src=`/`href=` of
 * script, link, img, iframe, source and `url(...)`/`@import` in CSS, pointing to http(s) or `//`.
 * Plain hyperlinks (`<a href>`) are fine: they only load when clicked.
 * @example externalResources('<script src="https://cdn.example/x.js"></script>') // ["https://cdn.example/x.js"]
 */
export function externalResources(html) {
  const found = new Set();
  const remote = /^(https?:)?\/\//i;
  for (const match of html.matchAll(/<(script|link|img|iframe|source|video|audio|embed)\b[^>]*>/gi)) {
    for (const attr of match[0].matchAll(/\s(?:src|href|srcset)\s*=\s*["']?([^"'\s>]+)/gi)) {
      if (remote.test(attr[1])) {
        found.add(attr[1]);
      }
    }
  }
  for (const match of html.matchAll(/(?:url\(\s*["']?|@import\s+["'])((?:https?:)?\/\/[^"')\s]+)/gi)) {
    found.add(match[1]);
  }
  return [...found];
}

// Redoc 3 always renders an "API docs by Redocly" badge whose <img> loads from cdn.redoc.ly (there is
// no option to hide it). The build swaps those two URLs for an inline SVG so the page makes no request.
const REDOCLY_LOGOS = [
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14" viewBox="0 0 56 14">' +
    '<text x="0" y="11" font-family="sans-serif" font-size="11" font-weight="bold" fill="#0044d4">Redocly</text></svg>',
)}`;

/**
 * Replaces the remote Redocly logo URLs in a built page with an inline SVG.
 * @example inlineRedoclyLogo("src:`https://cdn.redoc.ly/redoc/logo-mini.svg`").includes("cdn.redoc.ly") // false
 */
export function inlineRedoclyLogo(html) {
  return REDOCLY_LOGOS.reduce((page, url) => page.split(url).join(INLINE_LOGO), html);
}

function escapeHtml(text) {
  return String(text ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

/**
 * The landing page: one section per API with its title, version, summary, operations and webhooks,
 * each linking into its page (Redoc's `#operation/<operationId>` anchors).
 * @example landingPage([{ file: "domain.html", title: "Domain API", version: "1.0", operations: [] }])
 */
export function landingPage(apis, packages = publicEntryPoints().map((e) => e.specifier)) {
  const link = (api, op) =>
    `<a href="${escapeHtml(api.file)}#operation/${encodeURIComponent(op.operationId ?? "")}">${escapeHtml(
      op.summary ?? op.operationId,
    )}</a>`;
  const sections = apis
    .map((api) => {
      const rows = [
        ...api.operations.map(
          (op) =>
            `<li><code class="method ${op.method}">${op.method.toUpperCase()}</code> <code>${escapeHtml(op.path)}</code> ` +
            `${link(api, op)}</li>`,
        ),
        ...(api.webhooks ?? []).map(
          (hook) =>
            `<li><code class="method webhook">WEBHOOK</code> <code>${escapeHtml(hook.name)}</code> ${link(api, hook)}</li>`,
        ),
      ].join("\n        ");
      return `    <section>
      <h2><a href="${escapeHtml(api.file)}">${escapeHtml(api.title)}</a> <small>v${escapeHtml(api.version)} · ${escapeHtml(api.spec)}</small></h2>
      <p>${escapeHtml(api.summary)}</p>
      <ul>
        ${rows}
      </ul>
    </section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>lpkit API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
    h1 { margin-bottom: 0.25rem; }
    section { border-top: 1px solid #dde; padding: 0.5rem 0 1rem; }
    small { color: #667; font-weight: normal; font-size: 0.8rem; }
    ul { list-style: none; padding: 0; }
    li { margin: 0.3rem 0; }
    code { font-size: 0.9rem; }
    .method { display: inline-block; min-width: 4rem; font-weight: bold; }
    .get { color: #1a7f37; } .post { color: #0550ae; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
    .webhook { color: #8250df; }
  </style>
</head>
<body>
  <h1>lpkit API reference</h1>
  <p>The contracts in <code>specs/</code>, rendered by Redoc. Every page is a single file that works offline.</p>
${sections}
    <section id="typescript">
      <h2><a href="api/index.html">TypeScript API</a> <small>TypeDoc · every public export</small></h2>
      <p>The packages' exports with their TSDoc: options, return types, errors and examples.</p>
      <ul>
        ${packages
          .map(
            (name) =>
              `<li><a href="api/modules/${escapeHtml(name.replace(/[^A-Za-z0-9_-]/g, "_"))}.html"><code>${escapeHtml(name)}</code></a></li>`,
          )
          .join("\n        ")}
      </ul>
    </section>
</body>
</html>
`;
}

/**
 * Builds the pages. Returns `[{ spec, file, title, version, operations, webhooks }]` (file relative
 * to `out`; `webhooks` lists OpenAPI 3.1 top-level webhooks as `{ method, name, operationId, summary }`).
 * @example buildDocs({ specsDir: "specs", outDir: "artifacts/docs" })
 */
export function buildDocs({
  specsDir = join(ROOT, "specs"),
  outDir = join(ROOT, "artifacts", "docs"),
  log = console.log,
} = {}) {
  const specs = readdirSync(specsDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  if (specs.length === 0) {
    throw new Error(`no specs in ${specsDir}`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const apis = [];
  for (const spec of specs) {
    const specPath = join(specsDir, spec);
    const doc = parseSpec(readFileSync(specPath, "utf8"), specPath);
    const file = `${basename(spec).replace(/\.(ya?ml|json)$/, "")}.html`;
    const output = join(outDir, file);
    const run = spawnSync(
      REDOCLY,
      ["build-docs", specPath, "--inlineBundle", "--output", output, "--lint-config", "off"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    if (run.status !== 0) {
      throw new Error(`redocly build-docs ${relative(ROOT, specPath)} failed:\n${run.stdout}\n${run.stderr}`);
    }
    const html = inlineRedoclyLogo(readFileSync(output, "utf8"));
    if (!html.includes('"disableTelemetry":true')) {
      throw new Error(`${file}: Redoc telemetry is not disabled (REDOCLY_TELEMETRY=off was not honoured)`);
    }
    writeFileSync(output, html);
    const external = externalResources(html);
    if (external.length > 0) {
      throw new Error(`${file} would load from the network: ${external.join(", ")}`);
    }
    const operations = listOperations(doc).map(({ method, path, operationId, summary }) => ({
      method,
      path,
      operationId,
      summary,
    }));
    const webhooks = listWebhooks(doc).map(({ method, webhook, operationId, summary }) => ({
      method,
      name: webhook,
      operationId,
      summary,
    }));
    apis.push({
      spec: relative(ROOT, specPath) || spec,
      file,
      title: doc.info?.title ?? spec,
      version: doc.info?.version ?? "",
      summary: doc.info?.summary ?? "",
      operations,
      webhooks,
    });
    const hooks = webhooks.length > 0 ? `, ${webhooks.length} webhooks` : "";
    log(`docs: ${relative(ROOT, output)} (${operations.length} operations${hooks})`);
  }
  writeFileSync(join(outDir, "index.html"), landingPage(apis));
  writeFileSync(join(outDir, "apis.json"), `${JSON.stringify(apis, null, 2)}\n`);
  log(`docs: ${relative(ROOT, join(outDir, "index.html"))} (landing page)`);
  return apis;
}

async function main(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === "--specs" && argv[i + 1]) {
      options.specsDir = resolve(argv[i + 1]);
    } else if (argv[i] === "--out" && argv[i + 1]) {
      options.outDir = resolve(argv[i + 1]);
    } else {
      console.error("usage: pnpm docs [--specs <dir>] [--out <dir>]");
      return 2;
    }
  }
  try {
    buildDocs(options);
    const { modules } = await buildApiReference({
      outDir: join(options.outDir ?? join(ROOT, "artifacts", "docs"), "api"),
    });
    console.log(
      `docs: TypeScript API reference, ${modules.length} modules (${modules.map((m) => m.specifier).join(", ")})`,
    );
    return 0;
  } catch (error) {
    console.error(`docs: ${error.message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
