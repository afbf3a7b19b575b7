/**
 * The app-facing side of history: the query `publisher.history(channel, query)` takes, the page it
 * answers, typed from the channel's event schemas, and the checks every query passes first.
 */
import type { ChannelRef, EventData, EventName } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { HistoryDirection, HistoryRange } from './history-store.js';

/** Messages returned by one history read when the query names no `limit`. */
export const DEFAULT_HISTORY_LIMIT = 100;
/** Most messages one history read returns; larger limits are capped to it. */
export const MAX_HISTORY_LIMIT = 1000;

/** What to read from a channel's history. Every field is optional; pass a page's `next` to go on. */
export interface HistoryQuery {
  /**
   * Only messages after this sequence number (exclusive): the `historySeq` of the last message a
   * reader has.
   * @default 0 (from the oldest retained)
   */
  since?: number | undefined;
  /** Only messages before this sequence number (exclusive); what `next` uses to page backwards. */
  before?: number | undefined;
  /**
   * Most messages in the page; values above {@link MAX_HISTORY_LIMIT} are capped to it.
   * @default 100
   */
  limit?: number | undefined;
  /**
   * `backwards` (newest first, the "last N messages" of a page load) or `forwards` (oldest first,
   * catching up after `since`).
   * @default 'backwards'
   */
  direction?: HistoryDirection | undefined;
}

/** One message read back from history, typed by its event: `switch (message.event)` narrows `data`. */
export type HistoryMessage<TRef extends ChannelRef = ChannelRef> = {
  [TEvent in EventName<TRef>]: {
    /** The message id, as subscribers saw it in `meta.id`. */
    id: string;
    /** The event name. */
    event: TEvent;
    /** The payload, as it was published (validated then). */
    data: EventData<TRef, TEvent>;
    /** Publish time, milliseconds since the epoch. */
    ts: number;
    /** The message's sequence number in its channel (the envelope's `historySeq`). */
    seq: number;
    /**
     * Messages of this channel went out unnumbered just before this one (the store was
     * unreachable); they are not in history, and a reader catching up past here may have missed them.
     */
    unnumberedBefore?: true;
  };
}[EventName<TRef>];

/** One page of a channel's history. */
export interface HistoryPage<TRef extends ChannelRef = ChannelRef> {
  /** Messages in the query's direction. */
  messages: HistoryMessage<TRef>[];
  /** The query of the following page, or `undefined` when this page reached the end of the range. */
  next: HistoryQuery | undefined;
  /** The highest sequence number the channel was ever given; 0 before its first message. */
  latestSeq: number;
  /**
   * The oldest sequence number still retained, `undefined` when nothing is. Anything from
   * `since + 1` to `earliestSeq - 1` is gone (retention), and a reader should say so.
   */
  earliestSeq: number | undefined;
}

const isSequence = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Checks a query and fills in its defaults; bad values fail with VALIDATION_FAILED naming the field. */
export function resolveHistoryQuery(query: HistoryQuery | undefined): HistoryRange {
  const given = query ?? {};
  if (typeof given !== 'object' || given === null) {
    throw new RealtimeError('VALIDATION_FAILED', 'history: the query must be an object { since?, before?, limit?, direction? }');
  }
  const invalid = (field: string, rule: string): never => {
    throw new RealtimeError('VALIDATION_FAILED', `history: ${field} must be ${rule}`, {
      details: { field, received: (given as Record<string, unknown>)[field] },
    });
  };
  const { since = 0, before, limit = DEFAULT_HISTORY_LIMIT, direction = 'backwards' } = given;
  if (!isSequence(since)) invalid('since', 'a sequence number (an integer ≥ 0)');
  if (before !== undefined && !isSequence(before)) invalid('before', 'a sequence number (an integer ≥ 0)');
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) invalid('limit', `an integer from 1 to ${MAX_HISTORY_LIMIT}`);
  if (direction !== 'forwards' && direction !== 'backwards') invalid('direction', "'forwards' or 'backwards'");
  return { since, before, limit: Math.min(limit, MAX_HISTORY_LIMIT), direction };
}
