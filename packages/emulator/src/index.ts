/**
 * `@lpkit/emulator`: LivePerson's Domain API, Sentinel, Functions gateway (faasGW) and Connector
 * API (IdP, Send API, an agent, signed webhook deliveries) on loopback — true to lpkit's specs, with
 * counters, fault rules, clock control and optional TLS — for offline tests, demos and benchmarks.
 *
 * @example
 * ```ts
 * import { createEmulator, DEMO } from "@lpkit/emulator";
 *
 * const emulator = createEmulator();
 * await emulator.start();
 * emulator.registerLambda("0f8d1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f", async (payload) => ({ ok: true, payload }));
 * // … point your code at emulator.domainApiUrl with DEMO.accountId, DEMO.clientId, DEMO.clientSecret …
 * await emulator.stop();
 * ```
 *
 * @module
 */
export type { EmulatorClock } from "./clock.js";
export { createClock } from "./clock.js";
export type { EmulatorAccount, EmulatorApp, FunctionsVersion } from "./config.js";
export { CONSUMER_SCOPE, DEMO, INVOKE_SCOPE } from "./config.js";
export type { LambdaSpec, LoadedConfig } from "./config-file.js";
export { lambdaFromSpec, loadConfigFile, parseConfig } from "./config-file.js";
export type { AgentActions, AgentMessage, EmulatorAgent } from "./connector/agent.js";
export { echoAgent } from "./connector/agent.js";
export type { EmulatorConnector } from "./connector/connector-api.js";
export type { ConnectorStats } from "./connector/connector-stats.js";
export type { ConsumerIdentity, ConversationView, RecordedEvent, Role } from "./connector/conversation.js";
export type {
  EmulatorWebhooks,
  WebhookEndpoint,
  WebhookEventType,
  WebhookSignature,
} from "./connector/webhook-config.js";
export { WEBHOOK_EVENT_TYPES } from "./connector/webhook-config.js";
export {
  COUNT_RETRY_WAIT_MS,
  TTL_FIRST_BACKOFF_MS,
  TTL_MAX_BACKOFF_MS,
} from "./connector/webhook-dispatcher.js";
export type { WebhookFaultHandle, WebhookFaultKind, WebhookFaultRule } from "./connector/webhook-faults.js";
export type { WebhookStats } from "./connector/webhook-stats.js";
export type { Emulator, EmulatorOptions, ListenOptions, MintTokenOptions } from "./emulator.js";
export { createEmulator } from "./emulator.js";
export type { EmulatorFetch } from "./emulator-fetch.js";
export type { Exchange, ExchangeHook } from "./exchange.js";
export { FAAS_CODES, FUNCTION_FAILED_STATUS } from "./faasgw-errors.js";
export type { FaultHandle, FaultKind, FaultMatch, FaultRule } from "./faults.js";
export type { EmulatorRequest, EmulatorResponse } from "./http-types.js";
export type {
  EmulatorLambda,
  FaasConvention,
  InvocationHeader,
  LambdaContext,
  LambdaHandler,
  LambdaLogEntry,
  LambdaLogLevel,
  LambdaOptions,
} from "./lambda-types.js";
export { DEFAULT_LAMBDA_TIMEOUT_MS } from "./lambdas.js";
export type { ApiName, RouteName } from "./routes.js";
export { ROUTE_NAMES } from "./routes.js";
export type { PublicJwk, RotateOptions, TokenVersion } from "./signing-keys.js";
export type { AccountState, AdvertisedHosts, AppState } from "./state.js";
export type { EmulatorStats, RouteStats } from "./stats.js";
export type { EmulatorCertificates } from "./tls.js";
export { generateCertificates } from "./tls.js";
