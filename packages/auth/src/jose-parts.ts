/**
 * The few jose functions lpkit uses, re-exported statically so that a bundler still tree-shakes jose
 * when this module is loaded lazily (a dynamic `import("jose")` would pull in all of jose).
 *
 * @module
 */
export { createRemoteJWKSet, customFetch, importJWK, importSPKI, jwtVerify } from "jose";
