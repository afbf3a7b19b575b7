/**
 * Batches as providers take them: cut by message count, by request bytes and by distinct channels
 * (each adapter declares its limits), and sent with per-message outcomes so a retry resends only
 * the entries that failed retriably and the caller learns exactly what was delivered.
 */
import type { ProviderLimits } from './capabilities.js';
import { jsonByteLength } from './envelope.js';
import { RealtimeError } from './errors.js';
import { isRetriable, type RetryPolicy, withRetry } from './retry.js';
import type { OutboundMessage, PublisherTransport, SendOutcome } from './transport.js';

/** Bytes a request spends around its messages (brackets, separators); kept out of the byte budget. */
const REQUEST_OVERHEAD_BYTES = 64;

/** What one message costs in a batch request: the adapter's wire size, or its envelope JSON plus channel name. */
function messageBytes(target: Pick<PublisherTransport, 'wireSize' | 'providerChannelName'>, message: OutboundMessage): number {
  if (target.wireSize) return target.wireSize(message);
  return jsonByteLength(message.envelope) + jsonByteLength(target.providerChannelName(message.channel));
}

/**
 * Splits messages into provider requests, keeping their order: a chunk ends at `maxBatchSize`
 * messages, before `maxBatchBytes` would be passed, or before a channel beyond `maxBatchChannels`
 * distinct ones would join it. A message larger than the byte budget still travels, alone.
 */
export function chunkBatch(
  target: Pick<PublisherTransport, 'wireSize' | 'providerChannelName'> & { limits: ProviderLimits },
  messages: readonly OutboundMessage[],
): OutboundMessage[][] {
  const { maxBatchSize, maxBatchBytes, maxBatchChannels } = target.limits;
  const count = Math.max(1, maxBatchSize);
  const byteBudget = maxBatchBytes === undefined ? Infinity : Math.max(1, maxBatchBytes - REQUEST_OVERHEAD_BYTES);
  const channelBudget = maxBatchChannels === undefined ? Infinity : Math.max(1, maxBatchChannels);
  const chunks: OutboundMessage[][] = [];
  let current: OutboundMessage[] = [];
  let bytes = 0;
  let channels = new Set<string>();
  for (const message of messages) {
    const size = byteBudget === Infinity ? 0 : messageBytes(target, message);
    const channel = channelBudget === Infinity ? '' : target.providerChannelName(message.channel);
    const newChannel = channelBudget !== Infinity && !channels.has(channel);
    const full =
      current.length >= count || (current.length > 0 && bytes + size > byteBudget) || (newChannel && channels.size >= channelBudget);
    if (full && current.length > 0) {
      chunks.push(current);
      current = [];
      bytes = 0;
      channels = new Set();
    }
    current.push(message);
    bytes += size;
    if (channelBudget !== Infinity) channels.add(channel);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One message that was not delivered, and why. */
export interface FailedMessage {
  message: OutboundMessage;
  error: unknown;
}

/** What happened to every message of a batch once retries ended. */
export interface BatchReport {
  /** Accepted by the provider. */
  delivered: OutboundMessage[];
  /** Refused for good, or still failing when attempts or the deadline ran out. */
  failed: FailedMessage[];
}

/** An attempt the caller already made before handing the batch over: its result and when it started. */
export interface FirstAttempt {
  // biome-ignore lint/suspicious/noConfusingVoidType: a transport's send, which may return nothing.
  outcome: Promise<void | SendOutcome | undefined>;
  /** `Date.now()` when it was sent: the retry deadline counts from there. */
  started: number;
}

/**
 * Sends a batch with the retry policy. A transport may answer with per-message failures: the
 * delivered ones are done, non-retriable ones are given up at once, and only the retriable ones
 * are sent again (same envelopes, same ids). A thrown error fails every message still pending.
 * With `first`, the first attempt was already sent by the caller and this takes over from its result.
 */
export function deliverBatch(
  // biome-ignore lint/suspicious/noConfusingVoidType: a transport's send, which may return nothing.
  send: (messages: OutboundMessage[], signal?: AbortSignal) => Promise<void | SendOutcome>,
  batch: readonly OutboundMessage[],
  retry: RetryPolicy | undefined,
  signal?: AbortSignal,
  first?: FirstAttempt,
): Promise<BatchReport> {
  // The common case, every message accepted at the first attempt, allocates no bookkeeping: the
  // sets below are made at the first per-message failure or thrown error.
  let pending = batch as OutboundMessage[];
  let delivered: Set<OutboundMessage> | undefined;
  let failed: Map<OutboundMessage, unknown> | undefined;
  let sent = first?.outcome;
  const attempt = () => {
    const sending = sent ?? send(pending, signal);
    sent = undefined;
    return Promise.resolve(sending).then((outcome) => {
      const failures = outcome?.failures;
      if (!failures || failures.length === 0) {
        if (delivered) for (const message of pending) delivered.add(message);
        if (failed) for (const message of pending) failed.delete(message);
        pending = [];
        return;
      }
      delivered ??= new Set();
      failed ??= new Map();
      const byIndex = new Map(failures.map((failure) => [failure.index, failure.error]));
      const again: OutboundMessage[] = [];
      for (const [index, message] of pending.entries()) {
        if (!byIndex.has(index)) {
          delivered.add(message);
          failed.delete(message);
          continue;
        }
        const error = byIndex.get(index);
        failed.set(message, error);
        if (isRetriable(error)) again.push(message);
      }
      // Before the first failure, every message sent in an earlier attempt was delivered.
      pending = again;
      if (again.length > 0) throw failed.get(again[0] as OutboundMessage);
    });
  };
  const report = (): BatchReport => {
    if (!delivered && !failed) return { delivered: batch as OutboundMessage[], failed: [] };
    const accepted = delivered ?? new Set();
    const refused = failed ?? new Map();
    return {
      delivered: batch.filter((message) => accepted.has(message)),
      failed: batch.filter((message) => refused.has(message)).map((message) => ({ message, error: refused.get(message) })),
    };
  };
  return withRetry(attempt, retry, signal, first?.started).then(report, (error: unknown) => {
    failed ??= new Map();
    for (const message of pending) if (!delivered?.has(message)) failed.set(message, error);
    delivered ??= new Set();
    return report();
  });
}

/**
 * The error a partly or wholly failed batch rejects with. One failed message, or one error shared
 * by all: that error as is. Otherwise a RealtimeError with the first failure's code and, in
 * `details`, the ids delivered and the ids failed with their codes.
 */
export function batchFailure(report: BatchReport, provider: string): unknown {
  const [first] = report.failed;
  if (!first) return undefined;
  if (report.delivered.length === 0 && report.failed.every((failure) => failure.error === first.error)) return first.error;
  const cause = RealtimeError.isInstance(first.error)
    ? first.error
    : new RealtimeError('PROVIDER_UNAVAILABLE', String((first.error as Error)?.message ?? first.error), { provider, cause: first.error });
  return new RealtimeError(
    cause.code,
    `${report.failed.length} of ${report.failed.length + report.delivered.length} messages failed; first: ${cause.message}`,
    {
      provider: cause.provider ?? provider,
      cause: first.error,
      retriable: report.failed.some((failure) => isRetriable(failure.error)),
      details: {
        delivered: report.delivered.map((message) => message.envelope.id),
        failed: report.failed.map((failure) => ({
          id: failure.message.envelope.id,
          channel: failure.message.channel.name,
          code: RealtimeError.isInstance(failure.error) ? failure.error.code : undefined,
          retriable: isRetriable(failure.error),
        })),
      },
    },
  );
}

/**
 * Whether the message with this id should be kept for another attempt after `error`: per message
 * when the error is a {@link batchFailure} listing outcomes (delivered ones never), else by the
 * error's retriability.
 */
export function failedRetriably(error: unknown, id: string): boolean {
  const details = RealtimeError.isInstance(error) ? error.details : undefined;
  const failed = details?.failed;
  if (!Array.isArray(failed) || !Array.isArray(details?.delivered)) return isRetriable(error);
  return failed.some((entry) => (entry as { id?: unknown }).id === id && (entry as { retriable?: unknown }).retriable === true);
}
