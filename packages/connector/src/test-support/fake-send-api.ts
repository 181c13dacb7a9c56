/**
 * Test support: a `fetch` that answers like the Send API — CONVERSATION opens a conversation per
 * consumer (one open at a time: "already open" otherwise), SEND answers `{code, body: {sequence},
 * reqId}` and closes on a close request — or, per request, with a scripted step: a status with a
 * body and headers, or a thrown error. Every request is recorded with its body.
 *
 * @module
 */

/** A syntactically valid AppJWT (not signed by Sentinel). */
export const APP_JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIxMjM0NTY3OCIsInNjb3BlIjoibXNnLmNvbnN1bWVyIn0.c2lnbmF0dXJlLWFwcC1qd3QtYWJjZGVm";
/** Another one, for renewals. */
export const NEW_APP_JWT = `${APP_JWT.slice(0, -6)}UVWXYZ`;
/** A ConsumerJWS of consumer "u1" (fake signature). */
export const CONSUMER_JWS =
  "eyJraWQiOiJhcHBqd3QtMTMtMDUtMTciLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50X2lkIjoiMTIzNDU2NzgiLCJleHRfY29uc3VtZXJfaWQiOiJ1MSJ9.Y29uc3VtZXItandzLXNpZ25hdHVyZS0xMjM0NTY";

/** One scripted answer: a status (with body and headers), or an error the `fetch` throws. */
export type Step = { status: number; body?: unknown; headers?: Record<string, string> } | Error | undefined;

/** One request the fake saw. */
export interface Seen {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
  readonly json: unknown;
}

/** The documented 401 body for an `errorCode`. */
export function authBody(errorCode: number): unknown {
  return {
    kind: "resp",
    code: 401,
    body: { title: "Unauthorized", details: "see errorCode", errorCode },
    type: ".ReqBody$ErrorResp",
  };
}

/** Creates the fake; `script[n]` answers the n-th request instead of the default behaviour. */
export function fakeSendApi(script: Step[] = []) {
  const seen: Seen[] = [];
  const open = new Map<string, string>(); // ConsumerJWS → open conversation id
  const sequences = new Map<string, number>();
  let conversations = 0;

  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

  const fetch = async (request: Request): Promise<Response> => {
    const body = await request.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    seen.push({ url: request.url, headers: request.headers, body, json });
    const step = script[seen.length - 1];
    if (step instanceof Error) {
      throw step;
    }
    if (step !== undefined) {
      return respond(step.status, step.body ?? "", step.headers);
    }
    const jws = request.headers.get("x-lp-on-behalf") ?? "";
    if (new URL(request.url).pathname.endsWith("/conversation")) {
      const [profile, conversation] = json as { id: string }[];
      const existing = open.get(jws);
      if (existing !== undefined) {
        return respond(400, [
          { code: "OK", body: { msg: "OK User Profile set successfully" }, reqId: profile?.id },
          {
            code: "BAD_REQUEST",
            body: {
              msg: "Bad request, This user already has an open conversation and cannot open another one",
            },
            reqId: conversation?.id,
          },
        ]);
      }
      conversations += 1;
      const conversationId = `c0nv-${conversations}`;
      open.set(jws, conversationId);
      return respond(200, [
        { code: "OK", body: { msg: "OK User Profile set successfully" }, reqId: profile?.id },
        { code: "OK", body: { conversationId }, reqId: conversation?.id },
      ]);
    }
    const envelope = json as {
      id: string;
      type: string;
      body: { conversationId?: string; dialogId?: string };
    };
    const conversationId = envelope.body.conversationId ?? envelope.body.dialogId ?? "";
    if ([...open.values()].indexOf(conversationId) === -1) {
      return respond(400, {
        code: "BAD_REQUEST",
        body: { msg: "The conversation is closed" },
        reqId: envelope.id,
      });
    }
    if (envelope.type === "cm.UpdateConversationField") {
      open.delete(jws);
      return respond(200, {
        code: "OK",
        body: { msg: "OK Conversation resolved successfully" },
        reqId: envelope.id,
      });
    }
    const sequence = sequences.get(conversationId) ?? 0;
    sequences.set(conversationId, sequence + 1);
    return respond(200, { code: "OK", body: { sequence }, reqId: envelope.id });
  };
  return { fetch, seen, open };
}

/** A connection refused before anything was sent (what undici reports). */
export function refused(): Error {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
}

/** A connection reset after the request went out. */
export function reset(): Error {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
  });
}
