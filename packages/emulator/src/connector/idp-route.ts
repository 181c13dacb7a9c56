/**
 * The emulated IdP: `POST /api/account/{accountId}/consumer?v=1.0` with `{ ext_consumer_id }` →
 * **201** `{ token }`, the consumer's ConsumerJWS (the same one for the same consumer).
 *
 * @module
 */
import { type EmulatorRequest, type EmulatorResponse, jsonResponse, mediaType } from "../http-types.js";
import type { EmulatorState } from "../state.js";

/** Longest `ext_consumer_id` accepted (lpkit's own clients refuse more). */
const MAX_EXT_CONSUMER_ID = 1024;

/** `POST /api/account/{accountId}/consumer` */
export async function handleConsumerJws(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
): Promise<EmulatorResponse> {
  const versions = request.query.getAll("v");
  if (versions.length > 1 || (versions.length === 1 && versions[0] !== "1.0")) {
    return jsonResponse(400, { internalErrorCode: 1004 });
  }
  if (mediaType(request.headers["content-type"]) !== "application/json") {
    return jsonResponse(400, { internalErrorCode: 1001 });
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return jsonResponse(400, { internalErrorCode: 1001 });
  }
  const ext = (body as { ext_consumer_id?: unknown } | null)?.ext_consumer_id;
  if (typeof ext !== "string" || ext.trim() === "" || ext.length > MAX_EXT_CONSUMER_ID) {
    return jsonResponse(400, { internalErrorCode: 1001 });
  }
  const token = await state.connector.consumerJws(state.keys, params.accountId ?? "", ext);
  return jsonResponse(201, { token });
}
