/**
 * Gap filling and rewind from the history store, for any provider. Wraps a subscriber transport:
 * per channel it follows the last history number delivered; when the provider reports a gap, or a
 * number is skipped and does not arrive within `holeWaitMs`, it reads the missing range through the
 * auth endpoint and hands it over in order, marked recovered, before the live messages held
 * meanwhile. A gap is reported only for what retention no longer holds, with the exact range; when
 * the history cannot be read, the provider's gap goes through as it would without a store.
 */
import type { ChannelRef } from '../channel.js';
import { type Envelope, historySeqOf } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { ChannelSink, GapInfo, InboundMessage, SubscriberTransport } from '../transport.js';
import type { HistoryClient } from './history-client.js';
import { MAX_HISTORY_LIMIT } from './history-query.js';
import { keepsHistory } from './retention.js';
import type { Rewind } from './rewind.js';

/** Options of {@link withHistoryCatchUp}. */
export interface CatchUpOptions {
  /**
   * How long a skipped number may stay missing (later messages wait) before it is read from history.
   * Messages from concurrent publishers often arrive slightly out of order; this puts them back.
   * @default 200
   */
  holeWaitMs?: number;
  /**
   * Most messages one catch-up reads; anything older is reported as a gap.
   * @default 10000
   */
  maxCatchUpMessages?: number;
  /**
   * Longest one history read may take; live messages wait meanwhile, so a slow or hung endpoint
   * counts as unreachable after this (the provider's gap goes through, live delivery resumes).
   * @default 5000
   */
  readTimeoutMs?: number;
}

interface ChannelState {
  ref: ChannelRef;
  sink: ChannelSink;
  /** Everything up to this number was delivered (or reported lost); undefined until known. */
  lastSeq: number | undefined;
  /** Numbered live messages waiting for an earlier number, by number. */
  held: Map<number, InboundMessage>;
  /** A history read or the initial position is in progress: numbered messages wait. */
  busy: boolean;
  holeTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Unnumbered messages arrived here (a publisher without a store, or with its store down): the
   * numbers cannot vouch for what a disconnection missed, so provider gaps are passed on too.
   */
  sawUnnumbered: boolean;
  /** A provider gap that arrived while busy: caught up once the current read is done. */
  pendingGap: Omit<GapInfo, 'channel'> | undefined;
  detached: boolean;
}

/** The history number an inbound message carries, if any. */
function numberOf(message: InboundMessage): number | undefined {
  let value = message.envelope;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
    // Parsed once: core's envelope check reads the parsed value.
    message.envelope = value;
  }
  const seq = historySeqOf(value);
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

/** Wraps `transport` so every channel catches up from `client` (the app's auth endpoint). */
export function withHistoryCatchUp(
  transport: SubscriberTransport,
  client: HistoryClient,
  options: CatchUpOptions = {},
): SubscriberTransport {
  const holeWaitMs = options.holeWaitMs ?? 200;
  const maxCatchUp = options.maxCatchUpMessages ?? 10_000;
  const readTimeoutMs = options.readTimeoutMs ?? 5000;

  /** One page, or TIMEOUT after `readTimeoutMs`: live messages must not wait on a hung endpoint. */
  const readPage = (ref: ChannelRef, query: Parameters<HistoryClient['envelopes']>[1]) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RealtimeError('TIMEOUT', `History read took longer than ${readTimeoutMs} ms`)), readTimeoutMs);
    });
    return Promise.race([client.envelopes(ref, query), late]).finally(() => clearTimeout(timer));
  };
  const states = new Map<string, ChannelState>();

  const recovered = (envelope: Envelope): InboundMessage => ({ envelope, recovered: true });

  /** Reports a lost range (retention) or hands the provider's gap on (history unreachable). */
  const reportGap = (state: ChannelState, gap: Omit<GapInfo, 'channel'>) => {
    if (!state.detached) state.sink.gap(gap);
  };

  /** Hands over held messages that are next in line; anything at or below `lastSeq` goes too (core drops copies). */
  function drain(state: ChannelState): void {
    if (state.detached) return;
    for (const [seq, message] of [...state.held].sort(([a], [b]) => a - b)) {
      const last = state.lastSeq ?? seq - 1;
      if (seq > last + 1) break;
      state.held.delete(seq);
      state.sink.message(message);
      if (seq > last) state.lastSeq = seq;
    }
    if (state.held.size === 0 && state.holeTimer) {
      clearTimeout(state.holeTimer);
      state.holeTimer = undefined;
    }
    if (state.held.size > 0 && !state.holeTimer) {
      state.holeTimer = setTimeout(() => {
        state.holeTimer = undefined;
        const next = Math.min(...state.held.keys());
        void catchUp(state, next, undefined);
      }, holeWaitMs);
      (state.holeTimer as { unref?: () => void }).unref?.();
    }
  }

  /**
   * Reads and delivers everything after `lastSeq` (below `before` when given), then what was held.
   * `providerGap` is what the provider reported, passed on if the history cannot be read.
   */
  async function catchUp(
    state: ChannelState,
    before: number | undefined,
    providerGap: Omit<GapInfo, 'channel'> | undefined,
  ): Promise<void> {
    if (state.detached) return;
    if (state.busy) {
      // Read again once the current read is done: the provider may have missed more since.
      if (before === undefined) state.pendingGap = providerGap ?? state.pendingGap ?? { reason: 'resubscribed' };
      return;
    }
    const from = state.lastSeq;
    if (from === undefined) {
      if (providerGap) reportGap(state, providerGap);
      drain(state);
      return;
    }
    state.busy = true;
    let read = 0;
    // Held before the read: their publishers had appended them, so the store's latest covers them.
    const heldBefore = [...state.held.keys()];
    let latest = 0;
    let unnumberedInRange = false;
    try {
      let query: { since: number; before?: number; limit: number; direction: 'forwards' } | undefined = {
        since: from,
        ...(before === undefined ? {} : { before }),
        limit: MAX_HISTORY_LIMIT,
        direction: 'forwards',
      };
      let first = true;
      while (query && !state.detached) {
        const page = await readPage(state.ref, query);
        latest = Math.max(latest, page.latestSeq);
        if (first) {
          first = false;
          // The store gave fewer numbers than this subscriber already saw: it was reset (a Redis
          // without persistence restarted). Its numbers say nothing about what was missed.
          if (page.latestSeq < from) {
            throw new RealtimeError('PROVIDER_UNAVAILABLE', `The history of "${state.ref.name}" restarted its numbering (store reset)`, {
              details: { latestSeq: page.latestSeq, delivered: from },
            });
          }
          // What retention dropped between the last delivered number and the oldest kept.
          const end = before === undefined ? page.latestSeq : Math.min(before - 1, page.latestSeq);
          const oldestKept = page.earliestSeq ?? page.latestSeq + 1;
          const lostTo = Math.min(oldestKept - 1, end);
          if (lostTo > from) {
            reportGap(state, { reason: 'retention-exceeded', fromSeq: from + 1, toSeq: lostTo });
            state.lastSeq = lostTo;
          }
        }
        for (const envelope of page.envelopes) {
          if (state.detached) return;
          const seq = envelope.historySeq as number;
          if (seq <= (state.lastSeq ?? 0)) continue;
          if (envelope.unnumberedBefore) unnumberedInRange = true;
          state.sink.message(recovered(envelope));
          state.lastSeq = seq;
          state.held.delete(seq);
          read += 1;
        }
        query = page.next && read < maxCatchUp ? (page.next as typeof query) : undefined;
        if (page.next && read >= maxCatchUp) {
          const nextSince = page.next.since ?? state.lastSeq ?? from;
          const to = before === undefined ? page.latestSeq : before - 1;
          if (to > nextSince) {
            reportGap(state, { reason: 'retention-exceeded', fromSeq: nextSince + 1, toSeq: to });
            state.lastSeq = to;
          }
        }
      }
      // Messages that never got a number may be among what the provider could not deliver.
      if (providerGap && (unnumberedInRange || state.sawUnnumbered)) reportGap(state, providerGap);
      // A number above anything the store had given was not assigned by it (a client forged it):
      // deliver that message as an unnumbered one instead of waiting for numbers that never come.
      for (const seq of heldBefore) {
        const message = state.held.get(seq);
        if (message === undefined || seq <= latest || state.detached) continue;
        state.held.delete(seq);
        state.sink.message(message);
      }
    } catch (error) {
      // History unreachable or refused: today's behaviour, the provider's gap (or one for the hole).
      const to = before === undefined ? undefined : before - 1;
      reportGap(state, providerGap ?? { reason: 'recovery-failed', fromSeq: from + 1, ...(to === undefined ? {} : { toSeq: to }) });
      if (to !== undefined && to > (state.lastSeq ?? 0)) state.lastSeq = to;
      if (!state.detached) {
        state.sink.error(
          RealtimeError.isInstance(error)
            ? error
            : new RealtimeError('PROVIDER_UNAVAILABLE', `History catch-up failed: ${(error as Error)?.message ?? error}`, { cause: error }),
        );
      }
      if (before === undefined) {
        // Without history the position is unknown: adopt what arrives next.
        state.lastSeq = state.held.size > 0 ? Math.min(...state.held.keys()) - 1 : undefined;
      }
    } finally {
      state.busy = false;
    }
    drain(state);
    rerun(state);
  }

  /** Catches up for a provider gap that arrived during the last read. */
  function rerun(state: ChannelState): void {
    const gap = state.pendingGap;
    if (!gap || state.detached) return;
    state.pendingGap = undefined;
    void catchUp(state, undefined, gap);
  }

  /** Sets the starting position after attach: the rewind's messages, or just the latest number. */
  async function start(state: ChannelState, rewind: Rewind | undefined): Promise<void> {
    state.busy = true;
    try {
      if (rewind !== undefined && typeof rewind === 'object') {
        state.lastSeq = rewind.since;
        state.busy = false;
        await catchUp(state, undefined, undefined);
        return;
      }
      const count = typeof rewind === 'number' ? Math.min(Math.max(0, Math.floor(rewind)), MAX_HISTORY_LIMIT) : 0;
      const page = await readPage(state.ref, { limit: Math.max(1, count), direction: 'backwards' });
      if (state.detached) return;
      if (count > 0) for (const envelope of page.envelopes.slice(0, count).reverse()) state.sink.message(recovered(envelope));
      state.lastSeq = page.latestSeq;
    } catch (error) {
      // Without a starting point, the first numbered message sets it; gaps fall back to the provider's.
      if (!state.detached) {
        state.sink.error(
          RealtimeError.isInstance(error)
            ? error
            : new RealtimeError('PROVIDER_UNAVAILABLE', `History unavailable: ${(error as Error)?.message ?? error}`, { cause: error }),
        );
      }
    } finally {
      state.busy = false;
    }
    if (state.lastSeq === undefined && state.held.size > 0) state.lastSeq = Math.min(...state.held.keys()) - 1;
    drain(state);
    rerun(state);
  }

  function sinkFor(state: ChannelState): ChannelSink {
    const { sink } = state;
    return {
      message(message) {
        const seq = numberOf(message);
        // Unnumbered messages (no store, or it was down) have no place in the order: straight through.
        if (seq === undefined) {
          state.sawUnnumbered = true;
          return sink.message(message);
        }
        if (state.busy || state.lastSeq === undefined || seq > state.lastSeq + 1 || state.held.size > 0) {
          if (!state.busy && state.lastSeq === undefined) state.lastSeq = seq - 1;
          state.held.set(seq, message);
          if (!state.busy) drain(state);
          return;
        }
        sink.message(message);
        if (seq > state.lastSeq) state.lastSeq = seq;
      },
      gap(gap) {
        if (state.lastSeq === undefined && !state.busy) return sink.gap(gap);
        void catchUp(state, undefined, gap);
      },
      presence: (event) => sink.presence(event),
      error: (error) => sink.error(error),
    };
  }

  const wrapped: SubscriberTransport = Object.create(transport);
  wrapped.attach = async (channel, sink, attachOptions) => {
    if (!keepsHistory(channel.definition)) {
      if (attachOptions.rewind !== undefined) {
        throw new RealtimeError(
          'UNSUPPORTED',
          `Channel "${channel.definition.template}" keeps no history (history: false): it cannot rewind`,
        );
      }
      return transport.attach(channel, sink, attachOptions);
    }
    const previous = states.get(channel.name);
    if (previous) previous.detached = true;
    const state: ChannelState = {
      ref: channel,
      sink,
      lastSeq: undefined,
      held: new Map(),
      busy: true,
      holeTimer: undefined,
      pendingGap: undefined,
      sawUnnumbered: false,
      detached: false,
    };
    states.set(channel.name, state);
    const { rewind, ...rest } = attachOptions as { rewind?: Rewind };
    try {
      // The store serves the rewind on every provider, Ably included.
      await transport.attach(channel, sinkFor(state), rest);
    } catch (error) {
      state.detached = true;
      if (states.get(channel.name) === state) states.delete(channel.name);
      throw error;
    }
    void start(state, rewind);
  };
  wrapped.detach = (channel) => {
    const state = states.get(channel.name);
    if (state) {
      state.detached = true;
      if (state.holeTimer) clearTimeout(state.holeTimer);
      states.delete(channel.name);
    }
    return transport.detach(channel);
  };
  wrapped.close = () => {
    for (const state of states.values()) {
      state.detached = true;
      if (state.holeTimer) clearTimeout(state.holeTimer);
    }
    states.clear();
    return transport.close();
  };
  return wrapped;
}

/** A subscriber's history option: the client, or the client with catch-up settings. */
export type SubscriberHistory =
  | HistoryClient
  | ({
      /** The history client, usually `createHistoryClient({ authEndpoint })`. */
      client: HistoryClient;
    } & CatchUpOptions);
