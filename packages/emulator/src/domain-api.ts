/**
 * The emulated Domain API (CSDS): the list and single-service endpoints for the configured
 * accounts. Every account gets `sentinel`, `faasGW`, `idp` and `asyncMessagingEnt` entries pointing
 * back at the emulator.
 *
 * @module
 */
import { type EmulatorRequest, type EmulatorResponse, jsonResponse } from "./http-types.js";
import type { AccountState, EmulatorState } from "./state.js";

/** One Domain API entry. */
export interface ServiceEntry {
  readonly service: string;
  readonly account: string;
  readonly baseURI: string;
}

/** The Domain API entries of an account, in a stable order. */
export function serviceEntries(state: EmulatorState, account: AccountState): ServiceEntry[] {
  const services: Record<string, string | null> = {
    sentinel: state.hosts.sentinel,
    faasGW: account.functions === "v2" ? state.hosts.faasGWV2 : state.hosts.faasGW,
    idp: state.hosts.idp,
    asyncMessagingEnt: state.hosts.asyncMessagingEnt,
    ...account.services,
  };
  return Object.entries(services)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([service, baseURI]) => ({ service, account: account.id, baseURI }));
}

function checkQuery(request: EmulatorRequest): EmulatorResponse | undefined {
  const versions = request.query.getAll("version");
  if (versions.length !== 1 || versions[0] !== "1.0") {
    return jsonResponse(400, {
      error: "Bad Request",
      message: "the query parameter version=1.0 is required",
    });
  }
  return undefined;
}

function findAccount(state: EmulatorState, accountId: string): AccountState | EmulatorResponse {
  if (!/^[A-Za-z0-9]{1,64}$/.test(accountId)) {
    return jsonResponse(400, { error: "Bad Request", message: "malformed account id" });
  }
  return (
    state.accounts.get(accountId) ?? jsonResponse(404, { error: "Not Found", message: "unknown account" })
  );
}

/** `GET /api/account/{accountId}/service/baseURI.json?version=1.0` */
export function handleDomainList(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
): EmulatorResponse {
  const bad = checkQuery(request);
  if (bad) {
    return bad;
  }
  const account = findAccount(state, params.accountId ?? "");
  if ("status" in account) {
    return account;
  }
  return jsonResponse(200, { baseURIs: serviceEntries(state, account) });
}

/** `GET /api/account/{accountId}/service/{serviceName}/baseURI.json?version=1.0` */
export function handleDomainSingle(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
): EmulatorResponse {
  const bad = checkQuery(request);
  if (bad) {
    return bad;
  }
  const service = params.serviceName ?? "";
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(service)) {
    return jsonResponse(400, { error: "Bad Request", message: "malformed service name" });
  }
  const account = findAccount(state, params.accountId ?? "");
  if ("status" in account) {
    return account;
  }
  const entry = serviceEntries(state, account).find((candidate) => candidate.service === service);
  return entry
    ? jsonResponse(200, entry)
    : jsonResponse(404, { error: "Not Found", message: "unknown service" });
}
