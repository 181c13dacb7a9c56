/**
 * The emulator's start time, in a fresh process: import `@lpkit/emulator`, start it on plain HTTP,
 * stop it, then start it with TLS (which generates a CA and a certificate), stop it. Prints one JSON
 * line with the three times. Measured here, never asserted in a test: a busy CI machine starts it
 * several times slower than a quiet one.
 *
 * @module
 */
const importStarted = performance.now();
const { createEmulator } = await import("@lpkit/emulator");
const importMs = performance.now() - importStarted;

const plainStarted = performance.now();
const plain = createEmulator();
await plain.start();
const plainMs = performance.now() - plainStarted;
await plain.stop();

const tlsStarted = performance.now();
const tls = createEmulator({ tls: true });
await tls.start();
const tlsMs = performance.now() - tlsStarted;
await tls.stop();

console.log(JSON.stringify({ ok: true, ms: performance.now(), importMs, plainMs, tlsMs }));
