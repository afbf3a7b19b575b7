/**
 * A history store inside one process, for development, tests and single-process apps. Same
 * numbering, retention and idempotency as the Redis store; lost when the process exits.
 */
import type { Envelope } from '../envelope.js';
import type { RealtimeError } from '../errors.js';
import type { HistoryStore, StoredHistory } from './history-store.js';
import { DEFAULT_RETENTION, type ResolvedRetention, resolveRetention, retentionOf } from './retention.js';

/** Options of {@link memoryHistory}. */
export interface MemoryHistoryOptions {
  /**
   * Retention of channels whose definition declares none.
   * @default { maxMessages: 1000, maxAgeMs: 86_400_000 }
   */
  defaultRetention?: Partial<ResolvedRetention>;
  /** Hears about failed appends. @default console.warn */
  onError?: (error: RealtimeError) => void;
  /** The clock retention reads; tests pass their own. @default Date.now */
  now?: () => number;
}

interface StoredEntry {
  seq: number;
  appendedAt: number;
  envelope: Envelope;
}

interface ChannelLog {
  latestSeq: number;
  entries: StoredEntry[];
  seqById: Map<string, number>;
}

/** A history store in memory, shared by every publisher given the same instance. */
export function memoryHistory(options: MemoryHistoryOptions = {}): HistoryStore {
  const defaults = resolveRetention(options.defaultRetention, DEFAULT_RETENTION);
  const now = options.now ?? Date.now;
  const logs = new Map<string, ChannelLog>();

  /** Drops what the channel's retention no longer covers, oldest first. */
  const trim = (log: ChannelLog, retention: ResolvedRetention) => {
    const cutoff = now() - retention.maxAgeMs;
    let drop = Math.max(0, log.entries.length - retention.maxMessages);
    while (drop < log.entries.length && (log.entries[drop] as StoredEntry).appendedAt < cutoff) drop++;
    for (const entry of log.entries.splice(0, drop)) log.seqById.delete(entry.envelope.id);
  };

  return {
    ...(options.onError ? { onError: options.onError } : {}),

    async append(messages) {
      return messages.map(({ channel, envelope }) => {
        let log = logs.get(channel.name);
        if (!log) {
          log = { latestSeq: 0, entries: [], seqById: new Map() };
          logs.set(channel.name, log);
        }
        const retention = retentionOf(channel.definition, defaults);
        trim(log, retention);
        const known = log.seqById.get(envelope.id);
        if (known !== undefined) return { seq: known, duplicate: true };
        const seq = ++log.latestSeq;
        log.entries.push({ seq, appendedAt: now(), envelope: structuredClone({ ...envelope, historySeq: seq }) });
        log.seqById.set(envelope.id, seq);
        trim(log, retention);
        return { seq, duplicate: false };
      });
    },

    async read(channel, range): Promise<StoredHistory> {
      const log = logs.get(channel.name);
      if (!log) return { envelopes: [], latestSeq: 0, earliestSeq: undefined };
      trim(log, retentionOf(channel.definition, defaults));
      const inRange = log.entries.filter((entry) => entry.seq > range.since && (range.before === undefined || entry.seq < range.before));
      const picked = range.direction === 'forwards' ? inRange.slice(0, range.limit) : inRange.slice(-range.limit).reverse();
      return {
        envelopes: picked.map((entry) => structuredClone(entry.envelope)),
        latestSeq: log.latestSeq,
        earliestSeq: log.entries[0]?.seq,
      };
    },

    /** Nothing to release: the history lives as long as the instance, whichever publisher closes. */
    async close() {},
  };
}
