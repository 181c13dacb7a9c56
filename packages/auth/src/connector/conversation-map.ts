/**
 * Consumer ↔ conversation: which conversation is open for a consumer (a consumer may have only one),
 * and whose a conversation is (webhooks are account-wide: the receiver keeps only its own). A
 * bounded LRU each way in the process, then the shared store — so several processes agree — and a
 * new conversation opened once per consumer however many sends race for it (single flight).
 *
 * @module
 */
import { ConversationAlreadyOpenError } from "@lpkit/core";
import { createSingleFlight, waitFor } from "../single-flight.js";
import type { GuardedStore } from "./connector-store.js";
import { createLru } from "./lru.js";

/** What the map needs from outside. */
export interface ConversationMapSettings {
  readonly accountId: string;
  /** Opens a conversation (CONVERSATION) for the consumer; `signal` is the facade's lifetime. */
  readonly create: (extConsumerId: string, signal: AbortSignal) => Promise<string>;
  readonly store: GuardedStore;
  readonly storeTtlMs: number;
  readonly maxEntries: number;
  readonly lifetime: AbortSignal;
}

/** The conversation a send goes to, and whether it was opened for it. */
export interface OpenConversation {
  readonly conversationId: string;
  readonly created: boolean;
}

/** Counters of the map. */
export interface ConversationMapStats {
  readonly created: number;
  readonly fromStore: number;
  readonly forgotten: number;
  readonly size: number;
}

/** The consumer ↔ conversation map of one facade. */
export interface ConversationMap {
  /** The consumer's open conversation, opened now when none is known. */
  open(extConsumerId: string, signal?: AbortSignal | undefined): Promise<OpenConversation>;
  /** The consumer's known conversation, without opening one. */
  known(extConsumerId: string): Promise<string | undefined>;
  /** Records a conversation opened elsewhere (e.g. learnt from a webhook). */
  remember(extConsumerId: string, conversationId: string): Promise<void>;
  /**
   * Forgets that `conversationId` is the consumer's open one (it closed, or SEND said so); it stays
   * known as ours for the ownership filter.
   */
  forget(extConsumerId: string, conversationId: string): Promise<void>;
  /** The consumer a conversation belongs to, when it is one of ours. */
  ownerOf(conversationId: string): Promise<string | undefined>;
  stats(): ConversationMapStats;
}

/**
 * Creates the map.
 *
 * @example
 * ```ts
 * const conversations = createConversationMap({ accountId, create, store, storeTtlMs, maxEntries, lifetime });
 * const { conversationId, created } = await conversations.open("user-42");
 * ```
 */
export function createConversationMap(settings: ConversationMapSettings): ConversationMap {
  const { accountId, store } = settings;
  const byConsumer = createLru<string>(settings.maxEntries);
  const byConversation = createLru<string>(settings.maxEntries);
  const flights = createSingleFlight<OpenConversation>();
  const consumerKey = (ext: string) => `${accountId}:consumer:${ext}`;
  const conversationKey = (id: string) => `${accountId}:conversation:${id}`;
  let created = 0;
  let fromStore = 0;
  let forgotten = 0;

  const hold = (ext: string, id: string) => {
    byConsumer.set(ext, id);
    byConversation.set(id, ext);
  };

  const known = async (ext: string): Promise<string | undefined> => {
    const held = byConsumer.get(ext);
    if (held !== undefined) {
      return held;
    }
    const stored = await store.get(consumerKey(ext));
    if (stored !== undefined) {
      fromStore += 1;
      hold(ext, stored);
    }
    return stored;
  };

  const remember = async (ext: string, id: string) => {
    hold(ext, id);
    await Promise.all([
      store.set(consumerKey(ext), id, settings.storeTtlMs),
      store.set(conversationKey(id), ext, settings.storeTtlMs),
    ]);
  };

  const openNow = async (ext: string): Promise<OpenConversation> => {
    const existing = await known(ext);
    if (existing !== undefined) {
      return { conversationId: existing, created: false };
    }
    let conversationId: string;
    try {
      conversationId = await settings.create(ext, settings.lifetime);
    } catch (error) {
      if (error instanceof ConversationAlreadyOpenError) {
        // Another process may have opened it a moment ago and stored it: look once more.
        const stored = await store.get(consumerKey(ext));
        if (stored !== undefined) {
          fromStore += 1;
          hold(ext, stored);
          return { conversationId: stored, created: false };
        }
      }
      throw error;
    }
    created += 1;
    await remember(ext, conversationId);
    return { conversationId, created: true };
  };

  return {
    async open(ext, signal) {
      const held = byConsumer.get(ext);
      if (held !== undefined) {
        return { conversationId: held, created: false };
      }
      // Only the call that started the opening reports `created`; the calls that joined it did not.
      const joined = flights.current(ext) !== undefined;
      const opened = await waitFor(
        flights.run(ext, () => openNow(ext)),
        signal,
        "the wait for a conversation",
      );
      return joined && opened.created ? { ...opened, created: false } : opened;
    },
    known,
    remember,
    async forget(ext, id) {
      // Only "open for the consumer" goes: the conversation stays ours, so its late webhooks (the
      // close itself) still pass the receiver's ownership filter.
      if (byConsumer.delete(ext, id)) {
        forgotten += 1;
      }
      await store.delete(consumerKey(ext), id);
    },
    async ownerOf(id) {
      const held = byConversation.get(id);
      if (held !== undefined) {
        return held;
      }
      const stored = await store.get(conversationKey(id));
      if (stored !== undefined) {
        byConversation.set(id, stored);
      }
      return stored;
    },
    stats: () => ({ created, fromStore, forgotten, size: byConsumer.size }),
  };
}
