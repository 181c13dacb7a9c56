// The transport conformance suite (test-support/transport-conformance.ts) against the default
// transport: with globalThis.fetch, and with an injected fetch (which receives a Request).
import { AbortError, fetchTransport, NetworkError, TimeoutError } from "./index.js";
import { exchange, startDeadline } from "./internal.js";
import { transportConformance } from "./test-support/transport-conformance.js";

const kit = { exchange, startDeadline, errors: { TimeoutError, AbortError, NetworkError } };

transportConformance("fetchTransport() on globalThis.fetch", { ...kit, make: () => fetchTransport() });
transportConformance("fetchTransport(fetch) with an injected fetch", {
  ...kit,
  make: () => fetchTransport((request) => fetch(request)),
});
