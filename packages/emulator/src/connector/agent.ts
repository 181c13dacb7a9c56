/**
 * The scripted agent on the other side of every emulated conversation. By default it **echoes**:
 * it accepts and reads each consumer message, types, answers `You said: <text>`, and closes the
 * conversation when the consumer writes `#close`. Register your own with `agent` (an option) or
 * `emulator.connector.setAgent(handler)`.
 *
 * @module
 */
import type { ConsumerIdentity, ConversationView } from "./conversation.js";

/**
 * A consumer's message as the agent gets it.
 *
 * @example
 * ```ts
 * const agent: EmulatorAgent = (message, actions) => actions.reply(`Hello ${message.consumer.extConsumerId}`);
 * ```
 */
export interface AgentMessage {
  readonly accountId: string;
  readonly conversationId: string;
  readonly consumer: ConsumerIdentity;
  /** The message text (`text/plain`), or `""` for other content. */
  readonly text: string;
  readonly contentType: string;
  readonly sequence: number;
}

/**
 * What the agent can do in the conversation; each action is an event the consumer's connector
 * receives through its webhooks.
 *
 * @example
 * ```ts
 * emulator.connector.setAgent((message, agent) => {
 *   agent.read(message.sequence);
 *   agent.typing();
 *   agent.reply("Let me check that for you.");
 * });
 * ```
 */
export interface AgentActions {
  /** Publishes a text message from the agent. */
  reply(text: string): void;
  /** Publishes a chat state (default `COMPOSING`). */
  typing(state?: "COMPOSING" | "PAUSE" | "ACTIVE" | "INACTIVE" | "GONE"): void;
  /** Acknowledges consumer messages (`ACCEPT`). */
  accept(...sequences: number[]): void;
  /** Marks consumer messages read (`READ`). */
  read(...sequences: number[]): void;
  /** Closes the conversation (`closeReason: AGENT`). */
  close(): void;
  /** The conversation as it is now. */
  readonly conversation: ConversationView;
}

/**
 * The agent: called for every consumer message, after the SEND was answered.
 *
 * @example
 * ```ts
 * const silent: EmulatorAgent = () => {}; // an agent that never answers
 * ```
 */
export type EmulatorAgent = (message: AgentMessage, actions: AgentActions) => void | Promise<void>;

/**
 * The default agent: receipts, typing, an echo, `#close` closes.
 *
 * @example
 * ```ts
 * emulator.connector.setAgent(echoAgent); // back to the default
 * ```
 */
export const echoAgent: EmulatorAgent = (message, agent) => {
  agent.accept(message.sequence);
  agent.read(message.sequence);
  agent.typing("COMPOSING");
  if (message.text.trim() === "#close") {
    agent.reply("Goodbye!");
    agent.close();
    return;
  }
  agent.reply(`You said: ${message.text}`);
  agent.typing("PAUSE");
};
