#!/usr/bin/env node
// @module scripts/registry-test
// `pnpm test:release`: proves the release against a real registry, without touching the real tree.
//  1. Starts Verdaccio on 127.0.0.1 with a throwaway storage and NO uplinks (scripts/registry-test/registry.mjs).
//  2. Copies the workspace into a temporary git repository, installs it (pnpm, frozen lockfile), adds a
//     patch changeset for every publishable package and runs the real flow there: `pnpm run version`
//     (changeset version + lockfile sync), commit, `pnpm run release` (build + changeset publish, i.e.
//     pnpm publish with workspace:/catalog: ranges rewritten) with the registry pointed at Verdaccio.
//  3. Checks the registry: every workspace package that is not private is published at its new version, no
//     private package is, no manifest has a workspace:/catalog: range, internal ranges are `^released`,
//     attw is clean on each published tarball, and the release is tagged in git.
//  4. For each package, in a folder outside the workspace: `npm install <package>` alone (only @lpkit
//     from Verdaccio) and runs its consumer (scripts/registry-test/consumers/<name>): ESM JavaScript and
//     tsc under nodenext and bundler. Consumers reach an emulator started here from the released build.
//  5. The runtime matrix (scripts/registry-test/runtimes.mjs): the published @lpkit/auth, installed with
//     npm, runs one flow — discovery, token, invocations, typed errors, verification — under Bun, Deno,
//     workerd (miniflare 3) and headless Chromium against an emulator (with CORS for the page); then,
//     in the same runtimes, the published @lpkit/connector's webhook receiver (runtimes/webhook-flow.mjs).
//  6. Every README.md of the repository, as a reader runs it (scripts/readme-examples/): its npm install
//     lines install from this registry, its examples are type-checked and run against an emulator with
//     LivePerson's Domain API host mapped to it, its other commands are checked. A README example that
//     does not run as written fails here.
//  7. Self-check: a deliberately broken package (workspace: range, missing file) is published too, and
//     the same checks must reject it and `npm install` must fail on it.
// LPKIT_KEEP_TMP=1 keeps the temporary folder for inspection; LPKIT_READMES=<file>[,<file>…] runs only
// those READMEs' examples (step 6) after the release.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ATTW_ARGS } from "./check-packages.mjs";
import { readmeEnv, repositoryReadmes, runReadme } from "./readme-examples/run.mjs";
import { entryPoints, manifestProblems, missingFiles } from "./registry-test/checks.mjs";
import { installToolchain, runConsumer } from "./registry-test/consumer.mjs";
import { cleanEnv, run } from "./registry-test/exec.mjs";
import { packument, startRegistry } from "./registry-test/registry.mjs";
import {
  installRuntimes,
  prepareRuntimeConsumer,
  runBrowser,
  runBun,
  runDeno,
  runWorkerd,
  servePage,
} from "./registry-test/runtimes.mjs";
import {
  commitAll,
  copyWorkspace,
  gitEnv,
  privateManifests,
  privatePackages,
  publishablePackages,
} from "./registry-test/workspace.mjs";
import { wasReleased } from "./release-rules.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// LPKIT_READMES=README.md,packages/auth/README.md: only those READMEs (after the release), for README
// authors; the consumers and the runtime matrix are skipped then.
const ONLY_READMES = process.env.LPKIT_READMES?.split(",")
  .map((f) => f.trim())
  .filter(Boolean);
const READMES = ONLY_READMES ?? repositoryReadmes(ROOT);
for (const file of ONLY_READMES ?? []) {
  if (!repositoryReadmes(ROOT).includes(file)) {
    throw new Error(`LPKIT_READMES: ${file} is not a README of the repository`);
  }
}
const skipForReadmes = ONLY_READMES ? { skip: "LPKIT_READMES: only README examples" } : {};
const started = Date.now();
const timings = [];
const time = async (label, fn) => {
  const t0 = Date.now();
  const result = await fn();
  timings.push(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return result;
};

const tmp = mkdtempSync(join(tmpdir(), "lpkit-registry-"));
const workspace = join(tmp, "workspace");
let registry;
let emulator;
let packages; // publishable packages of the copy, after `version`
let versionsBefore; // versions before `version`
let privateBefore; // private packages' package.json texts before `version`
let cleanInstall; // the output of `pnpm install` in the fresh copy (no node_modules, no dist)
const published = {}; // name → { version, integrity, tarball, manifest }
let toolchainPromise;
let runtimesPromise; // Bun, Deno, miniflare from the npm registry
let emulatorModule; // the released build of @lpkit/emulator: { createEmulator, DEMO }
let consumerEnv; // what the consumers need to reach the emulator (scripts/registry-test/consumers/README.md)

before(async () => {
  registry = await time("start Verdaccio", () => startRegistry(join(tmp, "registry")));
  // The TypeScript toolchain for the consumers installs from the npm registry while the release runs.
  mkdirSync(join(tmp, "toolchain"));
  const typescript = JSON.parse(
    readFileSync(join(ROOT, "node_modules", "typescript", "package.json"), "utf8"),
  ).version;
  toolchainPromise = installToolchain(join(tmp, "toolchain"), { typescript, typesNode: "^20.19.0" });
  toolchainPromise.catch(() => {}); // awaited (and reported) by the consumer tests
  mkdirSync(join(tmp, "runtimes-toolchain"));
  runtimesPromise = ONLY_READMES
    ? Promise.resolve(null)
    : time("install bun, deno, miniflare", () => installRuntimes(join(tmp, "runtimes-toolchain")));
  runtimesPromise.catch(() => {}); // awaited (and reported) by the runtime tests

  await time("copy workspace", () => copyWorkspace(ROOT, workspace));
  cleanInstall = await time("pnpm install", () =>
    run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"], {
      cwd: workspace,
    }),
  );
  versionsBefore = Object.fromEntries(publishablePackages(workspace).map((p) => [p.name, p.version]));
  privateBefore = privateManifests(workspace);
  const releases = Object.keys(versionsBefore)
    .map((name) => `"${name}": patch`)
    .join("\n");
  writeFileSync(
    join(workspace, ".changeset", "registry-test.md"),
    `---\n${releases}\n---\n\nRegistry test release.\n`,
  );
  await time("pnpm run version", () =>
    run("pnpm", ["run", "version"], { cwd: workspace, timeoutMs: 180_000 }),
  );
  // `version` synced the lockfile: a frozen install of the versioned tree must succeed.
  await time("frozen install after version", () =>
    run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"], {
      cwd: workspace,
    }),
  );
  await commitAll(workspace, "Version Packages");
  packages = publishablePackages(workspace);

  // Publish to Verdaccio: project .npmrc carries the token; changesets reads the registry from env.
  const host = registry.url.replace(/^http:/, "");
  writeFileSync(
    join(workspace, ".npmrc"),
    `${readFileSync(join(workspace, ".npmrc"), "utf8")}\nregistry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
  );
  // The token also goes into a user config of its own: pnpm publishes each tarball from a temporary
  // folder, and npm reads *project* config from the nearest ancestor holding a package.json or
  // node_modules — on a machine with /tmp/node_modules that is /tmp, and the copied .npmrc is ignored.
  const userconfig = join(tmp, "release.npmrc");
  writeFileSync(userconfig, `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
  const releaseEnv = cleanEnv({
    npm_config_registry: registry.url,
    npm_config_userconfig: userconfig,
    GIT_AUTHOR_NAME: gitEnv().GIT_AUTHOR_NAME,
    GIT_AUTHOR_EMAIL: gitEnv().GIT_AUTHOR_EMAIL,
    GIT_COMMITTER_NAME: gitEnv().GIT_COMMITTER_NAME,
    GIT_COMMITTER_EMAIL: gitEnv().GIT_COMMITTER_EMAIL,
  });
  await time("pnpm run release", () =>
    run("pnpm", ["run", "release"], { cwd: workspace, env: releaseEnv, timeoutMs: 300_000 }),
  );
  for (const pkg of packages) {
    const doc = await packument(registry.url, pkg.name);
    const manifest = doc?.versions?.[pkg.version];
    if (manifest) {
      published[pkg.name] = {
        version: pkg.version,
        integrity: manifest.dist.integrity,
        tarball: manifest.dist.tarball,
        manifest,
      };
    }
  }
  // The emulator the consumers talk to, started from the build that was just released, over HTTPS
  // so the consumers run production code paths (bare hosts from the Domain API get https://); they
  // trust its CA through NODE_EXTRA_CA_CERTS.
  const emulatorDist = join(workspace, "packages", "emulator", "dist", "index.js");
  emulatorModule = await import(pathToFileURL(emulatorDist).href);
  const { createEmulator, DEMO } = emulatorModule;
  emulator = createEmulator({ demo: true, tls: true });
  await emulator.start();
  writeFileSync(join(tmp, "emulator-ca.pem"), emulator.ca);
  consumerEnv = {
    NODE_EXTRA_CA_CERTS: join(tmp, "emulator-ca.pem"),
    LPKIT_DOMAIN_URL: emulator.domainApiUrl,
    LPKIT_SENTINEL_HOST: emulator.hosts.sentinel,
    LPKIT_FAAS_HOST: emulator.hosts.faasGW,
    LPKIT_ACCOUNT_ID: DEMO.accountId,
    LPKIT_CLIENT_ID: DEMO.clientId,
    LPKIT_CLIENT_SECRET: DEMO.clientSecret,
    LPKIT_LAMBDA_UUID: DEMO.lambdaUuid,
    LPKIT_FAILING_LAMBDA_UUID: DEMO.failingLambdaUuid,
    LPKIT_EVENT_ID: DEMO.eventId,
    LPKIT_ACCESS_TOKEN: await emulator.mintToken({ accountId: DEMO.accountId }),
  };
});

after(async () => {
  await emulator?.stop().catch(() => {});
  await registry?.stop();
  if (process.env.LPKIT_KEEP_TMP === "1") {
    console.log(`registry test: kept ${tmp}`);
  } else {
    rmSync(tmp, { recursive: true, force: true });
  }
  timings.push(`total: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`registry test timings: ${timings.join(" · ")}`);
});

describe("release to a local registry", () => {
  it("versions every publishable package and consumes the changesets", () => {
    assert.ok(packages.length > 0, "no publishable package in the workspace");
    for (const pkg of packages) {
      assert.notEqual(pkg.version, versionsBefore[pkg.name], `${pkg.name} was not versioned`);
      assert.match(
        readFileSync(join(pkg.dir, "CHANGELOG.md"), "utf8"),
        new RegExp(`## ${pkg.version.replace(/\./g, "\\.")}`),
      );
    }
    const left = readdirSync(join(workspace, ".changeset")).filter(
      (f) => f.endsWith(".md") && f !== "README.md",
    );
    assert.deepEqual(left, [], "changesets left after `pnpm run version`");
  });

  it("installs a fresh clone without a single warning", () => {
    // The copy has no node_modules and no build output: exactly what a contributor's first
    // `pnpm install` sees (e.g. a bin that points into dist/ before the build warns here).
    const output = `${cleanInstall.stdout}\n${cleanInstall.stderr}`;
    const warnings = output.split("\n").filter((line) => /\bWARN\b|warning/i.test(line));
    assert.deepEqual(warnings, [], "`pnpm install` printed warnings");
  });

  it("releases every package that was never released as 0.1.0", () => {
    // Never released = its CHANGELOG.md (written by `changeset version`) has no entry for its version.
    // Such a package must sit at 0.0.0 with pending changesets of at most `minor`: 0.0.0 + minor = 0.1.0.
    // A package left at 0.1.0 (→ 0.2.0), a `major` (→ 1.0.0) or only patches (→ 0.0.1) fail here.
    const unreleased = publishablePackages(ROOT).filter((pkg) => !wasReleased(pkg.dir, pkg.version));
    assert.ok(packages.length > 0);
    for (const { name } of unreleased) {
      assert.equal(packages.find((p) => p.name === name)?.version, "0.1.0", `${name}: first release`);
    }
  });

  it("leaves every private package's package.json untouched", () => {
    const after = privateManifests(workspace);
    assert.ok(Object.keys(privateBefore).length > 0, "no private workspace package");
    for (const [name, text] of Object.entries(privateBefore)) {
      assert.equal(after[name], text, `\`pnpm run version\` rewrote ${name}'s package.json`);
    }
  });

  it("publishes every workspace package that is not private, and nothing private", async () => {
    assert.deepEqual(
      Object.keys(published).sort(),
      packages.map((p) => p.name).sort(),
      "not everything was published",
    );
    for (const name of privatePackages(workspace)) {
      assert.equal(await packument(registry.url, name), null, `${name} is private but was published`);
    }
  });

  it("publishes manifests with released ranges only (no workspace:, no catalog:)", () => {
    const versions = Object.fromEntries(Object.entries(published).map(([name, p]) => [name, p.version]));
    for (const [name, { manifest }] of Object.entries(published)) {
      assert.deepEqual(manifestProblems(manifest, { versions }), [], name);
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith("@lpkit/")) {
          assert.equal(range, `^${versions[dep]}`, `${name} → ${dep}`);
        }
      }
    }
  });

  it("tags the release in git", async () => {
    const { stdout } = await run("git", ["tag", "--list"], { cwd: workspace });
    for (const pkg of packages) {
      assert.ok(
        stdout.split("\n").includes(`${pkg.name}@${pkg.version}`),
        `no tag ${pkg.name}@${pkg.version}`,
      );
    }
  });

  it("passes attw (default profile; see scripts/check-packages.mjs) on every published tarball", async () => {
    const attw = join(ROOT, "node_modules", ".bin", "attw");
    for (const [name, { tarball }] of Object.entries(published)) {
      const file = join(tmp, `${name.replace("/", "-")}.tgz`);
      writeFileSync(file, Buffer.from(await (await fetch(tarball)).arrayBuffer()));
      await run(attw, [file, ...ATTW_ARGS], {
        cwd: tmp,
        timeoutMs: 60_000,
      });
    }
  });

  describe("each package installed alone with npm, then used", { concurrency: 2, ...skipForReadmes }, () => {
    for (const pkg of publishablePackages(ROOT)) {
      it(`${pkg.name}: npm install, ESM JavaScript, tsc nodenext and bundler`, async () => {
        assert.ok(published[pkg.name], `${pkg.name} was not published`);
        const toolchain = await toolchainPromise;
        const dir = join(tmp, "consumers", pkg.short);
        mkdirSync(dir, { recursive: true });
        const target = packages.find((p) => p.name === pkg.name);
        const steps = await runConsumer({
          pkg: target,
          dir,
          registryUrl: registry.url,
          published,
          toolchain,
          env: consumerEnv,
        });
        timings.push(`${pkg.name} (${steps.join(", ")})`);
      });
    }
  });

  describe("@lpkit/auth and @lpkit/connector published: Bun, Deno, workerd, Chromium", skipForReadmes, () => {
    const dir = join(tmp, "runtimes");
    let tools;
    let runtimeEmulator;
    let page; // the loopback server of the browser page
    let caFile;
    let plainUrl;
    let port;
    const accounts = {};

    before(async () => {
      assert.ok(published["@lpkit/auth"], "@lpkit/auth was not published");
      assert.ok(published["@lpkit/connector"], "@lpkit/connector was not published");
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "package.json"),
        '{ "name": "runtimes-consumer", "private": true, "type": "module" }\n',
      );
      writeFileSync(join(dir, ".npmrc"), `@lpkit:registry=${registry.url}\n`);
      await time("runtimes: npm install @lpkit/auth @lpkit/connector", () =>
        run(
          "npm",
          [
            "install",
            "--no-audit",
            "--no-fund",
            `@lpkit/auth@${published["@lpkit/auth"].version}`,
            `@lpkit/connector@${published["@lpkit/connector"].version}`,
          ],
          {
            cwd: dir,
            timeoutMs: 180_000,
          },
        ),
      );
      page = await servePage(dir);
      const { createEmulator, DEMO } = emulatorModule;
      runtimeEmulator = createEmulator({ demo: true, tls: true, cors: page.origin });
      await runtimeEmulator.start();
      port = Number(new URL(runtimeEmulator.url).port);
      plainUrl = await runtimeEmulator.listen({ port: 0, tls: false });
      caFile = join(tmp, "runtimes-ca.pem");
      writeFileSync(caFile, runtimeEmulator.ca);
      accounts.v1 = {
        accountId: DEMO.accountId,
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
        lambdaUuid: DEMO.lambdaUuid,
      };
      accounts.v2 = {
        accountId: DEMO.v2AccountId,
        clientId: DEMO.v2ClientId,
        clientSecret: DEMO.v2ClientSecret,
        lambdaUuid: DEMO.lambdaUuid,
      };
      tools = await runtimesPromise;
    });

    after(async () => {
      await runtimeEmulator?.stop().catch(() => {});
      await page?.close();
    });

    /** Writes the flow's configuration for `list` of accounts, runs `fn`, checks the emulator's counters. */
    async function runtimeRun(name, list, fn) {
      const { DEMO } = emulatorModule;
      await prepareRuntimeConsumer(dir, {
        domainApiUrl: runtimeEmulator.domainApiUrl,
        eventId: DEMO.eventId,
        failingLambdaUuid: DEMO.failingLambdaUuid,
        accounts: list.map((key) => accounts[key]),
      });
      runtimeEmulator.resetStats();
      const t0 = Date.now();
      const result = await fn();
      timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)}s (${list.join("+")})`);
      assert.equal(result.ok, true);
      assert.deepEqual(
        result.accounts.map((a) => [a.accountId, a.convention]),
        list.map((key) => [accounts[key].accountId, key]),
      );
      // The webhook receiver: each notification type in its typed callback once (the duplicate
      // dropped), and each refusal with its typed error.
      assert.deepEqual(
        result.webhooks,
        {
          ok: true,
          handed: { content: 1, chatState: 1, acceptStatus: 1, conversationChange: 1 },
          refused: {
            ERR_WEBHOOK_SIGNATURE: 1,
            ERR_WEBHOOK_HEADER: 1,
            ERR_WEBHOOK_ORIGIN: 1,
            ERR_WEBHOOK_BODY_TOO_LARGE: 1,
          },
        },
        `${name}: webhooks`,
      );
      const stats = runtimeEmulator.stats();
      // One token per account for the whole flow: the runtime kept and reused it.
      assert.equal(stats.tokens.issued, list.length, `${name}: tokens issued`);
      // invoke, invokeEvent (echo) and the failing lambda ran once each per account; nothing twice.
      assert.equal(stats.executions.byLambda[DEMO.lambdaUuid], 2 * list.length, `${name}: echo executions`);
      assert.equal(
        stats.executions.byLambda[DEMO.failingLambdaUuid],
        list.length,
        `${name}: failing executions`,
      );
    }

    it("Bun (V1 and V2 accounts; NODE_EXTRA_CA_CERTS)", async () => {
      await runtimeRun("bun", ["v1", "v2"], () => runBun({ dir, tools, caFile, env: cleanEnv() }));
    });

    // Deno does not resolve *.localhost names (the V2 faasGW host the emulator hands out), so only V1.
    it("Deno (V1 account; DENO_CERT, network limited to the emulator)", async () => {
      await runtimeRun("deno", ["v1"], () => runDeno({ dir, tools, caFile, env: cleanEnv(), port }));
    });

    it("workerd via miniflare 3 (V1 and V2 accounts; outbound to the emulator only)", async () => {
      const plainAddress = new URL(plainUrl).host;
      await runtimeRun("workerd", ["v1", "v2"], () => runWorkerd({ dir, tools, plainAddress }));
    });

    it("headless Chromium (V1 and V2 accounts; the emulator answers CORS for the page)", async () => {
      const chromium = process.env.LPKIT_CHROMIUM ?? "/usr/bin/chromium";
      await runtimeRun("chromium", ["v1", "v2"], () => runBrowser({ origin: page.origin, chromium }));
    });
  });

  describe("every README example, run as a reader would", { concurrency: 2 }, () => {
    for (const file of READMES) {
      it(file, async () => {
        const toolchain = await toolchainPromise;
        const { DEMO } = emulatorModule;
        const dir = join(tmp, "readmes", file.replace(/\//g, "__").replace(/\.md$/, ""));
        const t0 = Date.now();
        const result = await runReadme({
          readme: join(ROOT, file),
          root: ROOT,
          dir,
          registryUrl: registry.url,
          toolchain,
          emulator: { url: emulator.url, caFile: consumerEnv.NODE_EXTRA_CA_CERTS },
          env: readmeEnv(emulator, DEMO, consumerEnv.NODE_EXTRA_CA_CERTS),
        });
        timings.push(
          `${file}: ${((Date.now() - t0) / 1000).toFixed(1)}s (${result.ran} run, ${result.checked} checked, ${result.skipped} labelled)`,
        );
      });
    }
  });

  it("rejects a package with a workspace: range and a missing file (self-check)", async () => {
    const dir = join(tmp, "broken");
    mkdirSync(join(dir, "dist"), { recursive: true });
    const manifest = {
      name: "@lpkit/registry-test-broken",
      version: "0.0.0",
      type: "module",
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
        "./extra": "./dist/extra.js",
      },
      files: ["dist"],
      dependencies: { "@lpkit/core": "workspace:^" },
    };
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    writeFileSync(join(dir, "dist", "index.js"), "export const x = 1;\n");
    writeFileSync(
      join(dir, ".npmrc"),
      `registry=${registry.url}\n${registry.url.replace(/^http:/, "")}:_authToken=${registry.token}\n`,
    );
    // Plain `npm publish` does not rewrite workspace: ranges: exactly the failure the checks must catch.
    await run("npm", ["publish", "--access", "public", "--ignore-scripts"], { cwd: dir, timeoutMs: 60_000 });
    const doc = await packument(registry.url, manifest.name);
    const broken = doc.versions["0.0.0"];
    assert.match(manifestProblems(broken, {}).join("\n"), /dependencies\["@lpkit\/core"\] is "workspace:\^"/);

    const unpacked = join(tmp, "broken-unpacked");
    mkdirSync(unpacked);
    writeFileSync(
      join(tmp, "broken.tgz"),
      Buffer.from(await (await fetch(broken.dist.tarball)).arrayBuffer()),
    );
    await run("tar", ["-xzf", join(tmp, "broken.tgz"), "-C", unpacked]);
    assert.deepEqual(entryPoints(broken), ["dist/extra.js", "dist/index.d.ts", "dist/index.js"]);
    assert.deepEqual(missingFiles(join(unpacked, "package"), broken), ["dist/extra.js", "dist/index.d.ts"]);

    const consumer = join(tmp, "broken-consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), '{ "name": "broken-consumer", "private": true }\n');
    writeFileSync(join(consumer, ".npmrc"), `@lpkit:registry=${registry.url}\n`);
    const install = await run("npm", ["install", "--no-audit", "--no-fund", `${manifest.name}@0.0.0`], {
      cwd: consumer,
      allowFail: true,
      timeoutMs: 60_000,
    });
    assert.notEqual(install.code, 0, "npm installed a package with a workspace: range");
    assert.match(`${install.stdout}${install.stderr}`, /workspace:|EUNSUPPORTEDPROTOCOL/);
  });
});
