/**
 * Accounts and apps the emulator knows, the demo set it starts with when given nothing, and the
 * checks applied to what a user passes in.
 *
 * @module
 */
import {
  type EmulatorWebhooks,
  normaliseWebhooks,
  type WebhookSettings,
  type WebhookSignature,
} from "./connector/webhook-config.js";
import type { EmulatorLambda } from "./lambda-types.js";

/**
 * Functions generation of an account: decides the faasGW host name and the error body shapes.
 *
 * @example
 * ```ts
 * createEmulator({ accounts: [{ id: "87654321", functions: "v2" satisfies FunctionsVersion }] });
 * ```
 */
export type FunctionsVersion = "v1" | "v2";

/**
 * An account the Domain API knows.
 *
 * @example
 * ```ts
 * const account: EmulatorAccount = { id: "12345678", functions: "v2", services: { agentVep: "va.agentvep.example" } };
 * ```
 */
export interface EmulatorAccount {
  /** The account (site) id, letters and digits, e.g. `12345678`. */
  id: string;
  /**
   * `"v1"` (default): the `faasGW` host is the emulator's own host; errors are `{errorCode, errorMsg}`.
   * `"v2"`: the `faasGW` host contains `fninvocations` (`fninvocations.localhost:<port>`); errors are
   * `{code, message}` and successful invocations answer 202.
   */
  functions?: FunctionsVersion | undefined;
  /**
   * Extra or replaced Domain API entries, service name → bare host. `null` removes a default entry
   * (`sentinel`, `faasGW`).
   */
  services?: Readonly<Record<string, string | null>> | undefined;
}

/**
 * An app installation Sentinel issues tokens to.
 *
 * @example
 * ```ts
 * const app: EmulatorApp = { accountId: "12345678", clientId: "my-app", clientSecret: "local-secret", scope: "faas.lambda.invoke" };
 * ```
 */
export interface EmulatorApp {
  /** The account the installation belongs to; tokens carry it as `aud`. */
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes written into the token; default `faas.lambda.invoke` (`msg.consumer` for the Connector API). */
  scope?: string | undefined;
  /** The installation's capabilities: `webhooks`, the Connector API's subscriptions (see the README). */
  capabilities?: { webhooks?: EmulatorWebhooks | undefined } | undefined;
  /** How deliveries to this app are signed with its client secret. Default `sha1` + Base64, as LivePerson. */
  webhookSignature?: WebhookSignature | undefined;
}

/**
 * Scope that allows invoking functions through faasGW.
 *
 * @example
 * ```ts
 * await emulator.mintToken({ accountId: "12345678", scope: `${INVOKE_SCOPE} msg.consumer` });
 * ```
 */
export const INVOKE_SCOPE = "faas.lambda.invoke";

/**
 * Scope of a Connector API app installation: its AppJWT may create ConsumerJWS and act for consumers.
 *
 * @example
 * ```ts
 * emulator.registerApp({ accountId: "12345678", clientId: "my-connector", clientSecret: "s", scope: CONSUMER_SCOPE });
 * ```
 */
export const CONSUMER_SCOPE = "msg.consumer";

/**
 * The demo set `createEmulator()` starts with when given no accounts, apps or lambdas. The secret
 * is the emulator's own made-up value, not a LivePerson credential.
 *
 * @example
 * ```ts
 * const emulator = createEmulator();
 * await emulator.start();
 * // DEMO.accountId, DEMO.clientId, DEMO.clientSecret, DEMO.lambdaUuid now work against it
 * ```
 */
export const DEMO = {
  /** A Functions V1 account. */
  accountId: "12345678",
  /** A Functions V2 account (its faasGW host contains `fninvocations`). */
  v2AccountId: "87654321",
  /** App installation of `accountId`. */
  clientId: "5c0ffee0-1111-4222-8333-444455556666",
  clientSecret: "emulator-demo-secret",
  /** App installation of `v2AccountId`. */
  v2ClientId: "5c0ffee0-2222-4333-8444-555566667777",
  v2ClientSecret: "emulator-demo-secret-v2",
  /** Echoes its input: `{ echo: payload, headers }`; registered for `eventId`. */
  lambdaUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  /** Always throws, to show a 901 function error. */
  failingLambdaUuid: "9b2c7c1e-0d4f-4b7a-8e5c-1f2a3b4c5d6e",
  /** The event the echo lambda is registered for. */
  eventId: "bot_connectors_custom_integration",
  /** A Connector API app installation of `accountId` (scope `msg.consumer`). */
  connectorClientId: "5c0ffee0-3333-4444-8555-666677778888",
  connectorClientSecret: "emulator-demo-connector-secret",
} as const;

/** The demo accounts. */
export function demoAccounts(): EmulatorAccount[] {
  return [
    { id: DEMO.accountId, functions: "v1" },
    { id: DEMO.v2AccountId, functions: "v2" },
  ];
}

/** The demo app installations. */
export function demoApps(): EmulatorApp[] {
  return [
    {
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      scope: INVOKE_SCOPE,
    },
    {
      accountId: DEMO.v2AccountId,
      clientId: DEMO.v2ClientId,
      clientSecret: DEMO.v2ClientSecret,
      scope: INVOKE_SCOPE,
    },
    {
      accountId: DEMO.accountId,
      clientId: DEMO.connectorClientId,
      clientSecret: DEMO.connectorClientSecret,
      scope: CONSUMER_SCOPE,
    },
  ];
}

/** The demo lambdas: an echo registered for {@link DEMO}.eventId and one that always throws. */
export function demoLambdas(): EmulatorLambda[] {
  return [
    {
      uuid: DEMO.lambdaUuid,
      name: "echo",
      eventId: DEMO.eventId,
      handler: (payload, context) => ({ echo: payload, headers: context.headers }),
    },
    {
      uuid: DEMO.failingLambdaUuid,
      name: "always-fails",
      handler: (_payload, context) => {
        context.log("Error", "the demo failing lambda was called");
        throw new Error("the demo lambda failed on purpose");
      },
    },
  ];
}

const ACCOUNT_ID = /^[A-Za-z0-9]{1,64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^[^\s/?#@]+$/;

/** Throws a TypeError unless `id` is a valid account id. */
export function checkAccountId(id: unknown, where: string): string {
  if (typeof id !== "string" || !ACCOUNT_ID.test(id)) {
    throw new TypeError(`${where}: account id must be 1-64 letters or digits`);
  }
  return id;
}

/** Throws a TypeError unless `uuid` is a UUID. */
export function checkUuid(uuid: unknown, where: string): string {
  if (typeof uuid !== "string" || !UUID.test(uuid)) {
    throw new TypeError(`${where}: lambda uuid must look like 3fa85f64-5717-4562-b3fc-2c963f66afa6`);
  }
  return uuid.toLowerCase();
}

/** Throws a TypeError unless `eventId` is an event id. */
export function checkEventId(eventId: unknown, where: string): string {
  if (typeof eventId !== "string" || !EVENT_ID.test(eventId)) {
    throw new TypeError(`${where}: event id must look like bot_connectors_custom_integration`);
  }
  return eventId;
}

/** Checks an account definition and returns a normalised copy. */
export function normaliseAccount(account: EmulatorAccount): Required<Omit<EmulatorAccount, "services">> & {
  services: Readonly<Record<string, string | null>>;
} {
  const id = checkAccountId(account?.id, "accounts[]");
  const functions = account.functions ?? "v1";
  if (functions !== "v1" && functions !== "v2") {
    throw new TypeError(`account ${id}: functions must be "v1" or "v2"`);
  }
  const services = { ...(account.services ?? {}) };
  for (const [name, host] of Object.entries(services)) {
    if (host !== null && (typeof host !== "string" || !HOST.test(host))) {
      throw new TypeError(
        `account ${id}: service ${name} must map to a bare host (no scheme or path) or null`,
      );
    }
  }
  return { id, functions, services };
}

/** A checked app definition. */
export interface NormalisedApp {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  readonly webhooks: WebhookSettings | undefined;
}

/** Checks an app definition and returns a normalised copy; `anyHost` allows non-loopback webhook endpoints. */
export function normaliseApp(app: EmulatorApp, anyHost = false): NormalisedApp {
  const accountId = checkAccountId(app?.accountId, "apps[]");
  if (typeof app.clientId !== "string" || app.clientId === "") {
    throw new TypeError(`app of account ${accountId}: clientId must be a non-empty string`);
  }
  if (typeof app.clientSecret !== "string" || app.clientSecret === "") {
    throw new TypeError(`app ${app.clientId}: clientSecret must be a non-empty string`);
  }
  const scope = app.scope ?? INVOKE_SCOPE;
  if (typeof scope !== "string") {
    throw new TypeError(`app ${app.clientId}: scope must be a string`);
  }
  const webhooks = normaliseWebhooks(
    app.capabilities?.webhooks,
    app.webhookSignature,
    `app ${app.clientId}`,
    anyHost,
  );
  return { accountId, clientId: app.clientId, clientSecret: app.clientSecret, scope, webhooks };
}
