/**
 * The history store contract. A publisher with a store appends every message before sending it;
 * the store numbers each channel's messages 1, 2, 3… across every publisher sharing it, so a
 * subscriber can tell a missed message from the numbers alone, and anyone can read a channel's
 * recent messages back.
 */

import type { ChannelRef } from '../channel.js';
import type { Envelope } from '../envelope.js';
import type { RealtimeError } from '../errors.js';
import type { OutboundMessage } from '../transport.js';

/** What the store did with one appended message. */
export interface HistoryAppend {
  /** The message's sequence number in its channel. */
  seq: number;
  /** True when the store already held this message id: `seq` is the one it was given the first time. */
  duplicate: boolean;
}

/** Read order: `forwards` is oldest first, `backwards` newest first. */
export type HistoryDirection = 'forwards' | 'backwards';

/** One read of a channel's history, with every bound resolved (see `resolveHistoryQuery`). */
export interface HistoryRange {
  /** Only messages with a sequence number above this one. */
  since: number;
  /** Only messages with a sequence number below this one; `undefined` for no upper bound. */
  before: number | undefined;
  /** Most messages returned. */
  limit: number;
  /** `forwards` starts right after `since`; `backwards` starts right below `before` (or the newest). */
  direction: HistoryDirection;
}

/** What a store answers to one read. */
export interface StoredHistory {
  /** Envelopes in the requested order, each with its `historySeq`. */
  envelopes: Envelope[];
  /** The highest sequence number the channel was ever given; 0 before its first message. */
  latestSeq: number;
  /** The oldest sequence number still retained; `undefined` when nothing is. */
  earliestSeq: number | undefined;
}

/**
 * Where a publisher keeps each channel's recent messages. `@switchboard/core/history` ships
 * `memoryHistory` (one process) and `redisHistory` (shared by every publisher on a Redis).
 */
export interface HistoryStore {
  /**
   * Appends messages in order and answers one result per message. Atomic per message: a number is
   * given once and never skipped. A message id the store still holds keeps its first number.
   * Rejects when the store cannot be reached; the publisher then sends without numbers.
   */
  append(messages: readonly OutboundMessage[]): Promise<HistoryAppend[]>;
  /** Reads a range of one channel's retained history. */
  read(channel: ChannelRef, range: HistoryRange): Promise<StoredHistory>;
  /**
   * Longest a publish waits for `append` before sending without a sequence number, in ms.
   * @default 500
   */
  readonly appendTimeoutMs?: number | undefined;
  /**
   * Hears about appends that failed or timed out (the messages were still sent, unnumbered).
   * @default console.warn
   */
  readonly onError?: ((error: RealtimeError) => void) | undefined;
  /** Releases the store's connection. The publisher's `close()` calls it. */
  close(): Promise<void>;
}
