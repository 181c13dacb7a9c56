/**
 * The `--help` text of `lpkit-demo connector` (without the common options).
 *
 * @module
 */

/**
 * What `lpkit-demo connector --help` explains.
 *
 * @example
 * ```ts
 * process.stdout.write(CONNECTOR_USAGE);
 * ```
 */
export const CONNECTOR_USAGE = `Usage: lpkit-demo connector [options]

The Connector API walk-through in eight steps: resolve the sentinel, idp and asyncMessagingEnt
hosts; request the AppJWT (Sentinel v1, scope msg.consumer); get the consumer's ConsumerJWS
(cached: asked twice, fetched once); open a conversation; send a typing event and a text; receive
the agent's reply through a signed webhook on loopback, verified by lpkit's receiver; close the
conversation; a summary of every request. Offline the embedded emulator plays LivePerson and an
echo agent, and delivers its webhooks to the receiver.

Environment for live mode (an app installation with the msg.consumer scope):
  LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET   as for the other commands
  LP_EXT_CONSUMER_ID    the consumer to act for (a new one opens a new conversation)
  LP_WEBHOOK_PORT       optional: listen for webhooks on this port (expose it over HTTPS and
                        register it as the app's webhook endpoint); without it, step 6 is skipped
  LP_WEBHOOK_WAIT_SEC   optional: how long to wait for the agent's reply (default 120)`;
