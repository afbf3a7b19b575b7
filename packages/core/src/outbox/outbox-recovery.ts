/**
 * The publisher's side of an outbox: after a send failed for good it keeps the entry for a later
 * pass, and every `recoverIntervalMs` it sends what it kept plus what crashed publishers left. A
 * pass stops at the first chunk that failed retriably and keeps the rest behind it, so messages of
 * one channel never overtake each other.
 */
import { failedRetriably } from '../batching.js';
import { RealtimeError } from '../errors.js';
import type { OutboundMessage } from '../transport.js';
import type { OutboxEntry, PublisherOutbox } from './outbox.js';

/** How many messages a failed send still delivered, as a partial batch failure lists them. */
function deliveredCount(error: unknown): number {
  const delivered = RealtimeError.isInstance(error) ? error.details?.delivered : undefined;
  return Array.isArray(delivered) ? delivered.length : 0;
}

export interface OutboxRecovery {
  /** Keeps entries whose send ran out of retries, to try again on the next pass. */
  keep(entries: readonly OutboxEntry[]): void;
  /** Sends kept and abandoned entries now; resolves with how many were delivered. */
  recover(): Promise<number>;
  /** Starts the periodic pass (idempotent). */
  start(): void;
  stop(): void;
}

/**
 * `send` delivers a batch with the publisher's retry policy; `batchSize` is the provider's limit.
 * One pass runs at a time; concurrent callers share it.
 */
export function createOutboxRecovery(
  outbox: PublisherOutbox,
  send: (messages: OutboundMessage[]) => Promise<void>,
  batchSize: () => Promise<number>,
): OutboxRecovery {
  const kept = new Map<string, OutboxEntry>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  const warn = (error: unknown) => {
    const message = RealtimeError.isInstance(error) || error instanceof Error ? error.message : String(error);
    console.warn(`[switchboard] outbox recovery: ${message}`);
  };

  async function pass(): Promise<number> {
    const claimed = await outbox.claimAbandoned();
    const entries = [...kept.values(), ...claimed.filter((entry) => !kept.has(entry.key))];
    const size = Math.max(1, await batchSize());
    let delivered = 0;
    for (let start = 0; start < entries.length && !stopped; start += size) {
      const chunk = entries.slice(start, start + size);
      try {
        await send(chunk.map((entry) => entry.message));
        delivered += chunk.length;
      } catch (error) {
        // Per message: keep only the entries that failed retriably; the delivered and the refused go.
        const retry = chunk.filter((entry) => failedRetriably(error, entry.message.envelope.id));
        for (const entry of retry) kept.set(entry.key, entry);
        if (retry.length < chunk.length) {
          // The provider refused these messages for good; resending would fail the same way.
          warn(error);
          const done = chunk.filter((entry) => !retry.includes(entry));
          delivered += deliveredCount(error);
          for (const entry of done) kept.delete(entry.key);
          await outbox.remove(done.map((entry) => entry.key)).catch(warn);
        }
        // Order: what comes after a message still owed waits behind it for the next pass.
        if (retry.length > 0) {
          for (const entry of entries.slice(start + size)) if (!kept.has(entry.key)) kept.set(entry.key, entry);
          break;
        }
        continue;
      }
      for (const entry of chunk) kept.delete(entry.key);
      await outbox.remove(chunk.map((entry) => entry.key)).catch(warn);
    }
    return delivered;
  }

  const recover = (): Promise<number> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    keep(entries) {
      for (const entry of entries) kept.set(entry.key, entry);
    },
    recover,
    start() {
      if (timer || stopped) return;
      void recover().catch(warn);
      timer = setInterval(() => void recover().catch(warn), outbox.recoverIntervalMs ?? 5000);
      (timer as { unref?: () => void }).unref?.();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
