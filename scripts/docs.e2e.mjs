// @module scripts/docs.e2e
// `pnpm test:docs`: builds the API reference (scripts/docs.mjs), opens every page from file:// in
// headless Chromium (Debian's `chromium`, driven by playwright-core) and asserts that
// - every operation of the spec (operationId, summary, path) and every webhook (operationId, summary,
//   name) is rendered by Redoc,
// - no request leaves the machine (only file:, data:, blob: and loopback are allowed; anything else is
//   aborted before it is sent and fails the test),
// - the page throws no error, and the landing page links every page and operation.
// A screenshot of each page is saved to artifacts/docs/screenshots/.
// The TypeScript API reference (TypeDoc, scripts/api-reference.mjs) is held to the exports the TypeScript
// compiler reads from each package's entry points: every public export has a rendered, documented page,
// under the same offline rule.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { buildApiReference, exportedNames, publicEntryPoints } from "./api-reference.mjs";
import { buildDocs } from "./docs.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "artifacts", "docs");
const SHOTS = join(OUT, "screenshots");
const CHROMIUM = process.env.LPKIT_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TIMEOUT = 15_000;

/** Requests a page may make: its own file, inline data, blobs, loopback. */
function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (["file:", "data:", "blob:", "about:"].includes(protocol)) {
    return true;
  }
  return ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

let context;
let profile;
let apis;
let reference; // { outDir, modules: [{ specifier, url }] }
let exportsBySpecifier; // { [specifier]: string[] }, from the TypeScript compiler

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set LPKIT_CHROMIUM`,
  );
  apis = buildDocs({ log: () => {} });
  reference = await buildApiReference({ outDir: join(OUT, "api") });
  exportsBySpecifier = exportedNames(publicEntryPoints());
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "lpkit-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    offline: false,
  });
});

after(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Opens `file` from the docs folder with every non-local request aborted and recorded. */
async function open(file) {
  const page = await context.newPage();
  const external = [];
  const errors = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) {
      return route.continue();
    }
    external.push(url);
    return route.abort("blockedbyclient");
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(pathToFileURL(join(OUT, file)).href, { waitUntil: "load" });
  return { page, external, errors };
}

/** Expands every tag group in Redoc's sidebar so each operation has a menu link. */
async function expandGroups(page) {
  const groups = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a');
  const count = await groups.count();
  for (let i = 0; i < count; i += 1) {
    await groups.nth(i).click();
  }
}

describe("API reference pages in headless Chromium", () => {
  it("builds one page per spec, each a single self-contained file", () => {
    assert.ok(apis.length >= 1);
    for (const api of apis) {
      const html = readFileSync(join(OUT, api.file), "utf8");
      assert.doesNotMatch(html, /<script[^>]+src=["']?(https?:)?\/\//i, `${api.file} loads a remote script`);
      assert.doesNotMatch(
        html,
        /<link[^>]+href=["']?(https?:)?\/\//i,
        `${api.file} loads a remote stylesheet`,
      );
      assert.ok(api.operations.length > 0, `${api.spec} has no operations`);
    }
  });

  it("renders every operation of every spec, offline, without errors", async (t) => {
    for (const api of apis) {
      await t.test(api.spec, async () => {
        const { page, external, errors } = await open(api.file);
        try {
          await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: TIMEOUT });
          await expandGroups(page);
          let first = true;
          for (const op of api.operations) {
            assert.ok(op.operationId, `${api.spec}: ${op.method} ${op.path} has no operationId`);
            const id = op.operationId.toLowerCase();
            const link = page.locator(`a[href$="/${id}"]`).first();
            await link.waitFor({ timeout: TIMEOUT });
            await link.click();
            const section = page.locator(`[data-section-id$="/${id}"]`).first();
            const title = op.summary ?? op.operationId;
            const heading = section.locator("h1, h2", { hasText: title }).first();
            await heading.waitFor({ timeout: TIMEOUT });
            assert.equal((await heading.textContent())?.trim(), title, `${op.operationId}: heading`);
            // Rendered text (line breaks between blocks), so the method label stands apart from the path.
            // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, wanted here
            const text = await section.innerText();
            assert.ok(text.includes(op.path), `${op.operationId}: path ${op.path} not shown`);
            assert.match(text, new RegExp(`\\b${op.method}\\b`, "i"), `${op.operationId}: method not shown`);
            if (first) {
              await heading.scrollIntoViewIfNeeded();
              await page.screenshot({ path: join(SHOTS, api.file.replace(/\.html$/, ".png")) });
              first = false;
            }
          }
          for (const hook of api.webhooks) {
            assert.ok(hook.operationId, `${api.spec}: webhook ${hook.name} has no operationId`);
            const id = hook.operationId.toLowerCase();
            await page.locator(`a[href$="/${id}"]`).first().click();
            const section = page.locator(`[data-section-id$="/${id}"]`).first();
            const title = hook.summary ?? hook.operationId;
            const heading = section.locator("h1, h2", { hasText: title }).first();
            await heading.waitFor({ timeout: TIMEOUT });
            // Redoc puts a "Webhook" badge inside the heading.
            const headingText = (await heading.textContent())?.trim() ?? "";
            assert.equal(headingText.replace(/\s*Webhook$/, ""), title, `${hook.operationId}: heading`);
            assert.match(headingText, /Webhook$/, `${hook.operationId}: no webhook badge`);
            // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, wanted here
            const text = await section.innerText();
            assert.ok(text.includes(hook.name), `${hook.operationId}: webhook name ${hook.name} not shown`);
          }
          // Give late requests (telemetry, icons, fonts) a moment to show up before judging.
          await page.waitForTimeout(500);
          assert.deepEqual(external, [], `${api.file} tried to load from the network`);
          assert.deepEqual(errors, [], `${api.file} threw in the browser`);
        } finally {
          await page.close();
        }
      });
    }
  });

  it("has a landing page that links every page and operation", async () => {
    const { page, external, errors } = await open("index.html");
    try {
      for (const api of apis) {
        const link = page.locator(`h2 a[href="${api.file}"]`);
        assert.equal(await link.count(), 1, `no link to ${api.file}`);
        assert.equal((await link.textContent())?.trim(), api.title);
        for (const op of [...api.operations, ...api.webhooks]) {
          const opLink = page.locator(
            `a[href="${api.file}#operation/${encodeURIComponent(op.operationId)}"]`,
          );
          assert.equal(await opLink.count(), 1, `no link to ${op.operationId}`);
        }
      }
      await page.screenshot({ path: join(SHOTS, "index.png"), fullPage: true });
      // Following an operation link (file:// navigation, still offline) lands on that operation:
      // Redoc 3 redirects the `#operation/<operationId>` deep link to its own route.
      for (const op of apis.flatMap((api) =>
        [api.operations.at(-1), api.webhooks.at(-1)].filter(Boolean).map((o) => ({ ...o, api })),
      )) {
        const { api } = op;
        await page.goto(pathToFileURL(join(OUT, "index.html")).href);
        await page.locator(`a[href="${api.file}#operation/${encodeURIComponent(op.operationId)}"]`).click();
        const section = page.locator(`[data-section-id$="/${op.operationId.toLowerCase()}"]`).first();
        await section
          .locator("h1, h2", { hasText: op.summary ?? op.operationId })
          .first()
          .waitFor({ timeout: TIMEOUT });
        assert.match(page.url(), new RegExp(`${api.file.replace(".", "\\.")}#/.+/${op.operationId}$`, "i"));
      }
      assert.deepEqual(external, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  it("blocks and reports a request that would leave the machine (self-check)", async () => {
    const page = await context.newPage();
    const external = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (isLocal(url)) {
        return route.continue();
      }
      external.push(url);
      return route.abort("blockedbyclient");
    });
    try {
      await page.setContent('<img src="https://cdn.example.invalid/x.png">');
      await page.waitForTimeout(200);
      assert.deepEqual(external, ["https://cdn.example.invalid/x.png"]);
    } finally {
      await page.close();
    }
  });
});

// Generated from the specs by openapi-typescript; documented by the specs themselves.
const GENERATED = new Set(["paths", "components", "operations", "webhooks"]);

describe("TypeScript API reference in headless Chromium", () => {
  it("has one module per public entry point of every published package", () => {
    assert.deepEqual(
      reference.modules.map((m) => m.specifier).sort(),
      Object.keys(exportsBySpecifier).sort(),
    );
    for (const specifier of Object.keys(exportsBySpecifier)) {
      assert.ok(exportsBySpecifier[specifier].length > 0, `${specifier} exports nothing`);
    }
  });

  it("renders every public export, documented, offline, without errors", async (t) => {
    for (const { specifier, url } of reference.modules) {
      await t.test(specifier, async () => {
        const { page, external, errors } = await open(join("api", url));
        try {
          await page.locator("h1").first().waitFor({ timeout: TIMEOUT });
          assert.match((await page.locator("h1").first().textContent()) ?? "", new RegExp(specifier));
          // One summary per member: "name" or, for a re-export, "name → original".
          const summaries = await page.locator("dt.tsd-member-summary").evaluateAll((nodes) =>
            nodes.map((node) => ({
              name: node.textContent.split("→")[0].trim(),
              href: node.querySelector("a[href]:not(.tsd-anchor-icon)")?.getAttribute("href") ?? "",
            })),
          );
          const byName = new Map(summaries.map((s) => [s.name, s.href]));
          const missing = exportsBySpecifier[specifier].filter((name) => !byName.has(name));
          assert.deepEqual(missing, [], `${specifier}: exports not rendered`);
          const pages = new Map(); // page file → export name
          for (const name of exportsBySpecifier[specifier]) {
            const target = new URL(byName.get(name), pathToFileURL(join(OUT, "api", url)));
            const file = fileURLToPath(target);
            assert.ok(existsSync(file), `${specifier}: ${name} links to a missing page`);
            pages.set(file, name);
          }
          // TypeDoc renders static HTML: each export's own page is checked from its file (heading with
          // its kind, a TSDoc comment); one page per kind is also opened in the browser below.
          const opened = new Set();
          for (const [file, name] of pages) {
            const html = readFileSync(file, "utf8");
            // The heading is "<Kind> <name>" (an <h1 class="deprecated"> for a deprecated export), possibly
            // followed by tags (<code class="tsd-tag">Const</code>).
            const title = /<h1\b[^>]*>([^<]*)/.exec(html)?.[1]?.trim() ?? "";
            const kind = /^(Class|Interface|Function|Type Alias|Variable|Enumeration|Namespace)\s+(.+)$/.exec(
              title,
            );
            assert.ok(kind, `${file}: heading "${title}" names no kind`);
            if (!GENERATED.has(kind[2].replace(/<.*$/, ""))) {
              assert.match(html, /class="tsd-comment tsd-typography"/, `${specifier}: ${name} has no TSDoc`);
            }
            if (!opened.has(kind[1])) {
              opened.add(kind[1]);
              await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
              const shown = ((await page.locator("h1").first().textContent()) ?? "").trim();
              assert.ok(shown.startsWith(title), `${file}: the browser shows "${shown}"`);
            }
          }
          if (specifier === "@lpkit/auth") {
            await page.goto(pathToFileURL(join(OUT, "api", url)).href);
            await page.screenshot({ path: join(SHOTS, "api-auth.png") });
          }
          assert.deepEqual(external, [], `${specifier}: the reference tried to load from the network`);
          assert.deepEqual(errors, [], `${specifier}: the reference threw in the browser`);
        } finally {
          await page.close();
        }
      });
    }
  });

  it("is linked from the landing page, package by package", async () => {
    const { page, external } = await open("index.html");
    try {
      assert.equal(await page.locator('a[href="api/index.html"]').count(), 1);
      for (const { specifier, url } of reference.modules) {
        assert.equal(await page.locator(`a[href="api/${url}"]`).count(), 1, `no link to ${specifier}`);
      }
      await page.locator(`a[href="api/${reference.modules[0].url}"]`).click();
      await page.locator("h1", { hasText: reference.modules[0].specifier }).waitFor({ timeout: TIMEOUT });
      assert.deepEqual(external, []);
    } finally {
      await page.close();
    }
  });
});
