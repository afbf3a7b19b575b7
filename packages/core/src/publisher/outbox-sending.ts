/**
 * Sending through a durable outbox: record first (idempotently, per message id), then send; keep
 * only the entries that failed retriably (recovery resends them with the same ids) and forget the
 * delivered and the refused for good. A rejection says whether the message was kept.
 */
import { type BatchReport, batchFailure } from '../batching.js';
import { RealtimeError } from '../errors.js';
import type { PublisherOutbox } from '../outbox/outbox.js';
import type { OutboxRecovery } from '../outbox/outbox-recovery.js';
import { isRetriable, type RetryPolicy, withRetry } from '../retry.js';
import type { PublishObserver } from '../telemetry/publish-observer.js';
import type { OutboundMessage, PublisherTransport } from '../transport.js';

/** Sends a batch once, with retries, and reports each message's outcome. */
export type BatchDelivery = (
  target: PublisherTransport,
  batch: OutboundMessage[],
  retry: RetryPolicy | undefined,
  signal?: AbortSignal,
) => Promise<BatchReport>;

/**
 * The rejection of a publish whose message stays in the outbox and will be sent later: the same
 * code, with `details.outbox: 'kept'`. Every other rejection of a publish means it will not be sent.
 */
function keptInOutbox(error: unknown): unknown {
  if (!RealtimeError.isInstance(error)) return error;
  return new RealtimeError(error.code, `${error.message} (kept in the outbox: it will be sent later, with the same id)`, {
    provider: error.provider,
    cause: error,
    retriable: error.retriable,
    retryAfterMs: error.retryAfterMs,
    details: { ...error.details, outbox: 'kept' },
  });
}

/** What sending through an outbox needs from its publisher. */
export interface DurableSending {
  /** Sends a batch with retries and reports each message's outcome. */
  deliver: BatchDelivery;
  /** The publisher's retry policy, used when a publish names none. */
  defaultRetry: RetryPolicy | undefined;
  store: PublisherOutbox;
  /** Keeps what failed retriably, to be sent again by recovery. */
  recovery: OutboxRecovery;
  /** Told when the batch was recorded (the outbox hand-off). */
  observer?: PublishObserver;
}

/** Records the batch in the outbox, sends it, and keeps or forgets each entry by its outcome. */
export async function sendDurably(
  { deliver, defaultRetry, store, recovery: durable, observer }: DurableSending,
  target: PublisherTransport,
  batch: OutboundMessage[],
  retry: RetryPolicy | undefined,
  signal?: AbortSignal,
): Promise<void> {
  let keys: string[];
  try {
    // Recording is idempotent per message id, so a record whose answer was lost is retried safely.
    keys = await withRetry(() => store.record(batch), retry ?? defaultRetry, signal);
  } catch (error) {
    // Maybe stored, maybe not (an outage, an abort): make sure it is never sent, then reject.
    // "Rejected" means "not sent". CONFIG and CLOSED fail before anything reaches the store.
    if (!RealtimeError.isInstance(error, 'CONFIG') && !RealtimeError.isInstance(error, 'CLOSED')) {
      await store.discard?.(batch).catch(() => {});
    }
    throw error;
  }
  observer?.recorded?.(batch);
  const report = await deliver(target, batch, retry, signal);
  // Kept: only the entries that failed retriably. Forgotten: the delivered and the refused for good.
  const keyOf = new Map(batch.map((message, index) => [message, keys[index] as string]));
  const keep = report.failed.filter((failure) => isRetriable(failure.error));
  durable.keep(keep.map((failure) => ({ key: keyOf.get(failure.message) as string, message: failure.message })));
  const kept = new Set(keep.map((failure) => failure.message));
  const forget = batch.filter((message) => !kept.has(message)).map((message) => keyOf.get(message) as string);
  // Delivered or refused for good: the outbox owes the deletion even if Redis cannot take it now
  // (it retries in the background), and never resends it.
  if (forget.length > 0) {
    await store.remove(forget).catch((error: unknown) => console.warn(`[switchboard] outbox: ${(error as Error).message}`));
  }
  if (report.failed.length > 0) {
    const failure = batchFailure(report, target.provider);
    throw keep.length > 0 ? keptInOutbox(failure) : failure;
  }
}
