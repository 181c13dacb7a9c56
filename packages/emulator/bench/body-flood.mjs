#!/usr/bin/env node
// Measures attack 13.12 "body flood": the emulator's memory while 40 unauthenticated clients each
// POST a 5 MiB invocation body at once. The emulator runs in a child process (from this package's
// dist/, or from the dist folder given as the first argument, e.g. an older build to compare with);
// its RSS is read from /proc before and after the flood, with the peak (VmHWM) in between.
//
//   pnpm --filter @lpkit/emulator build && node packages/emulator/bench/body-flood.mjs [--auth] [dist-folder]
//
// With --auth the clients send a valid bearer token, so the bodies pass the token check and only
// the memory budget for bodies in flight stands between them and the emulator's heap.
//
// A measurement, not a test: it asserts nothing.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";

const CLIENTS = 40;
const BODY_BYTES = 5 * 1024 * 1024;

if (process.argv[2] === "--child") {
  const { createEmulator, DEMO } = await import(pathToFileURL(process.argv[3]).href);
  const emulator = createEmulator();
  await emulator.start();
  const token = await emulator.mintToken({ accountId: DEMO.accountId });
  process.send({
    url: emulator.url,
    path: `/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1`,
    token,
  });
  process.on("message", async (message) => {
    if (message === "gc") {
      globalThis.gc?.();
      process.send({ gc: true });
    } else if (message === "stop") {
      await emulator.stop();
      process.exit(0);
    }
  });
} else {
  const args = process.argv.slice(2);
  const auth = args.includes("--auth");
  const dist =
    args.find((arg) => !arg.startsWith("--")) ?? fileURLToPath(new URL("../dist", import.meta.url));
  const child = fork(fileURLToPath(import.meta.url), ["--child", `${dist}/index.js`], {
    execArgv: ["--expose-gc"],
  });
  const next = () => new Promise((resolve) => child.once("message", resolve));
  const { url, path, token } = await next();
  const memory = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
  };
  const settle = async () => {
    child.send("gc");
    await next();
  };
  await settle();
  const before = memory();
  const body = Buffer.alloc(BODY_BYTES, 0x20);
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise((resolve) => {
          const request = http.request(new URL(path, url), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "content-length": String(BODY_BYTES),
              ...(auth ? { authorization: `Bearer ${token}` } : {}),
            },
          });
          request.once("response", (response) => {
            response.resume();
            response.once("end", () => resolve(response.statusCode));
          });
          request.once("error", (error) => resolve(error.code ?? "error"));
          request.end(body);
        }),
    ),
  );
  const elapsedMs = performance.now() - started;
  const during = memory();
  await settle();
  const after = memory();
  child.send("stop");
  const counts = {};
  for (const status of statuses) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        dist,
        authenticated: auth,
        clients: CLIENTS,
        bodyMiB: BODY_BYTES / 1024 / 1024,
        answers: counts,
        elapsedMs: Math.round(elapsedMs),
        rssBeforeMB: Math.round(before.rssMB),
        rssAfterMB: Math.round(during.rssMB),
        peakRssMB: Math.round(during.peakMB),
        rssAfterGcMB: Math.round(after.rssMB),
      },
      null,
      2,
    )}\n`,
  );
}
