// The transport conformance suite of @lpkit/core (the same tests fetchTransport passes) against
// nodeTransport, with the default options and with one connection per origin.
import { AbortError, NetworkError, TimeoutError } from "@lpkit/core";
import { exchange, startDeadline } from "@lpkit/core/internal";
import { transportConformance } from "../../core/src/test-support/transport-conformance.js";
import { nodeTransport } from "./index.js";

const kit = { exchange, startDeadline, errors: { TimeoutError, AbortError, NetworkError } };

transportConformance("nodeTransport()", { ...kit, make: () => nodeTransport() });
transportConformance("nodeTransport({ connections: 1 })", {
  ...kit,
  make: () => nodeTransport({ connections: 1 }),
});
