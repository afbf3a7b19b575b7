/**
 * The publisher's side of a history store, kept out of the publisher itself: number a batch before
 * it is sent, and read a channel's history back as typed pages.
 *
 * Order and failures: the batch is appended first, then sent, so whatever history holds was at
 * least attempted; a retried publish with the same id keeps its first number. When the store fails
 * or is slower than `appendTimeoutMs`, the error goes to the store's `onError` and the batch is
 * sent without numbers: a history outage never holds up live delivery.
 */
import { assertChannelRef, type ChannelRef } from '../channel.js';
import type { Envelope } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { OutboundMessage } from '../transport.js';
import { type HistoryMessage, type HistoryPage, type HistoryQuery, resolveHistoryQuery } from './history-query.js';
import type { HistoryStore } from './history-store.js';
import { assertRetention, keepsHistory } from './retention.js';

const DEFAULT_APPEND_TIMEOUT_MS = 500;

/** Per store, the channels whose messages went out unnumbered since their last numbered one. */
const unnumbered = new WeakMap<HistoryStore, Set<string>>();

const report = (store: HistoryStore, error: RealtimeError) => {
  if (store.onError) store.onError(error);
  else console.warn(`[switchboard] history: ${error.message}`);
};

/**
 * Appends the messages that carry no number yet and writes each number into its envelope
 * (`historySeq`). Never rejects: a failed or late append is reported and the messages stay unnumbered.
 */
export async function appendToHistory(store: HistoryStore, batch: readonly OutboundMessage[]): Promise<void> {
  // Messages numbered before (an outbox recovering them, a batch chunk sent again) keep their number.
  const pending = batch.filter((message) => message.envelope.historySeq === undefined && keepsHistory(message.channel.definition));
  if (pending.length === 0) return;
  let skipped = unnumbered.get(store);
  // The first numbered message after unnumbered ones says so, in history as on the wire.
  const flagged = skipped ? pending.filter((message) => skipped?.has(message.channel.name)) : [];
  for (const message of flagged) message.envelope.unnumberedBefore = true;
  const timeoutMs = store.appendTimeoutMs ?? DEFAULT_APPEND_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RealtimeError('TIMEOUT', `The history store did not answer within ${timeoutMs} ms; sent without sequence numbers`)),
      timeoutMs,
    );
  });
  try {
    const appended = await Promise.race([store.append(pending), late]);
    for (const [index, message] of pending.entries()) {
      const result = appended[index];
      if (result) message.envelope.historySeq = result.seq;
    }
    for (const message of flagged) skipped?.delete(message.channel.name);
  } catch (cause) {
    for (const message of flagged) delete message.envelope.unnumberedBefore;
    if (!skipped) {
      skipped = new Set();
      unnumbered.set(store, skipped);
    }
    for (const message of pending) skipped.add(message.channel.name);
    const error = RealtimeError.isInstance(cause)
      ? cause
      : new RealtimeError('PROVIDER_UNAVAILABLE', `History store: ${(cause as Error)?.message ?? cause}`, { cause });
    report(store, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the size check measures: with a store, the envelope as it will travel, with the widest
 * `historySeq` it could get, so a message that fits only without its number is refused up front.
 */
export function withHistorySeqPlaceholder(envelope: Envelope, channel: ChannelRef, store: HistoryStore | undefined): Envelope {
  if (store) assertRetention(channel.definition);
  return store && keepsHistory(channel.definition) ? { ...envelope, historySeq: Number.MAX_SAFE_INTEGER } : envelope;
}

/** Reads one page of a channel's history; `next` is the query of the following page. */
export async function readHistory<TRef extends ChannelRef>(
  store: HistoryStore | undefined,
  channel: TRef,
  query: HistoryQuery | undefined,
): Promise<HistoryPage<TRef>> {
  assertChannelRef(channel);
  if (!store) {
    throw new RealtimeError('CONFIG', 'This publisher has no history store: pass createPublisher({ ..., history: redisHistory() })');
  }
  if (!keepsHistory(channel.definition)) {
    throw new RealtimeError('UNSUPPORTED', `Channel "${channel.definition.template}" keeps no history (history: false)`);
  }
  const range = resolveHistoryQuery(query);
  // One more than asked tells whether a next page exists without an empty last page.
  const stored = await store.read(channel, { ...range, limit: range.limit + 1 });
  const more = stored.envelopes.length > range.limit;
  const envelopes = more ? stored.envelopes.slice(0, range.limit) : stored.envelopes;
  const messages = envelopes.map(
    (envelope) =>
      ({
        id: envelope.id,
        event: envelope.event,
        data: envelope.data,
        ts: envelope.ts,
        seq: envelope.historySeq as number,
        ...(envelope.unnumberedBefore ? { unnumberedBefore: true as const } : {}),
      }) as HistoryMessage<TRef>,
  );
  const last = messages[messages.length - 1];
  let next: HistoryQuery | undefined;
  if (more && last) {
    next =
      range.direction === 'forwards'
        ? { since: last.seq, ...(range.before === undefined ? {} : { before: range.before }), limit: range.limit, direction: 'forwards' }
        : { since: range.since, before: last.seq, limit: range.limit, direction: 'backwards' };
  }
  return { messages, next, latestSeq: stored.latestSeq, earliestSeq: stored.earliestSeq };
}
