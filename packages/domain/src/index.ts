/**
 * `@lpkit/domain`: a typed client for LivePerson's Domain API (CSDS), which tells you which host
 * serves a service (`sentinel`, `faasGW`, …) for an account. Built from `specs/domain.yaml`.
 *
 * @example
 * ```ts
 * import { createDomainClient } from "@lpkit/domain";
 *
 * const domain = createDomainClient();
 * const host = await domain.getServiceHost("12345678", "faasGW"); // e.g. "va.faasgw.liveperson.net"
 * ```
 *
 * @module
 */
export {
  createDomainClient,
  type DomainCallOptions,
  type DomainClient,
  type DomainClientOptions,
  type DomainLogger,
} from "./create-domain-client.js";
export { findServiceHost, type HostPolicySource } from "./find-service-host.js";
export type { components, operations, paths } from "./generated/domain.js";
export type { ServiceEntry } from "./service-entry.js";
