/**
 * `createPublisherFromTransport`: what every provider's publisher shares, around the adapter's
 * transport. The jobs live beside it in `publisher/`: the public types, message preparation
 * (validation, envelope, limits) and sending through an outbox; batching is `batching.ts`, retries
 * `retry.ts`. This file loads the transport and wires them.
 */
import { type BatchReport, batchFailure, chunkBatch, deliverBatch } from './batching.js';
import { requireCapability } from './capabilities.js';
import { assertChannelRef, type ChannelRef } from './channel.js';
import { RealtimeError } from './errors.js';
import { healthReason, worstStatus } from './health/health-report.js';
import { createPublishHealth } from './health/publish-health.js';
import { appendToHistory, readHistory } from './history/publisher-history.js';
import { createOutboxRecovery, type OutboxRecovery } from './outbox/outbox-recovery.js';
import { createMessagePreparation, excludedUser } from './publisher/message-preparation.js';
import { sendDurably } from './publisher/outbox-sending.js';
import type { PublisherCoreOptions, PublishOptions, PublishResult, RealtimePublisher } from './publisher/publisher-types.js';
import { type ServerPresenceMemberOf, serverMembers } from './publisher/server-presence.js';
import { type RetryPolicy, resolveRetry } from './retry.js';
import { combineObservers, type ObservedSend } from './telemetry/publish-observer.js';
import type { OutboundMessage, PublisherTransport } from './transport.js';
import { assertUserStream, type UserEventsDefinition } from './user-events.js';

export type {
  BatchEntry,
  PublisherCoreOptions,
  PublishOptions,
  PublishResult,
  RealtimePublisher,
  ServerPresence,
} from './publisher/publisher-types.js';
export type {
  PresenceDataSource,
  ServerPresenceMember,
  ServerPresenceMemberIdOnly,
  ServerPresenceMemberOf,
  ServerPresenceMemberWithData,
} from './publisher/server-presence.js';

type TransportSource = PublisherTransport | (() => Promise<PublisherTransport>);
/** What a transport's `send` answers. */
type Sending = ReturnType<PublisherTransport['send']>;

/** Wraps an adapter's transport with validation, envelopes, limits and retries. */
export function createPublisherFromTransport(source: TransportSource, options: PublisherCoreOptions = {}): RealtimePublisher {
  let loading: Promise<PublisherTransport> | undefined;
  /** The transport once `transport()` resolved, so later publishes start without awaiting it. */
  let loaded: PublisherTransport | undefined;
  let closed = false;
  const transport = (): Promise<PublisherTransport> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This publisher is closed'));
    loading ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then((target) => {
      loaded = target;
      return target;
    });
    return loading;
  };
  const prepare = createMessagePreparation(options);
  const createdAt = Date.now();
  const tracked = createPublishHealth(options.health);
  const observer = combineObservers([tracked, ...[options.telemetry ?? []].flat()]);

  /**
   * Sends with retries; per-message outcomes, so only the failed retriable entries are resent. The
   * first attempt goes out here, outside the retry machinery: a batch the provider accepts at once
   * (nearly every one) settles with one promise and allocates no retry bookkeeping.
   */
  const deliver = (
    target: PublisherTransport,
    batch: OutboundMessage[],
    retry: RetryPolicy | undefined,
    signal?: AbortSignal,
  ): Promise<BatchReport> => {
    const policy = retry ?? options.retry;
    // A misspelt preset fails before anything is sent, not at the first failure.
    if (typeof policy === 'string') {
      try {
        resolveRetry(policy);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const observed = observer.send(batch, target.provider);
    const started = Date.now();
    observed.attempt(0, batch);
    let first: Sending;
    try {
      first = Promise.resolve(target.send(batch, signal));
    } catch (error) {
      first = Promise.reject(error);
    }
    return first.then(
      (outcome) => {
        if (outcome?.failures[0]) return retryDelivery(target, batch, policy, signal, observed, started, Promise.resolve(outcome));
        const report: BatchReport = { delivered: batch, failed: [] };
        observed.end(report);
        return report;
      },
      (error: unknown) => retryDelivery(target, batch, policy, signal, observed, started, Promise.reject(error)),
    );
  };

  /** What follows a first attempt that failed (wholly or for some messages): {@link deliverBatch}'s retries. */
  const retryDelivery = (
    target: PublisherTransport,
    batch: OutboundMessage[],
    policy: RetryPolicy | undefined,
    signal: AbortSignal | undefined,
    observed: ObservedSend,
    started: number,
    first: Sending,
  ): Promise<BatchReport> => {
    const watch = (sending: Sending) =>
      sending.then(
        (outcome) => {
          if (outcome?.failures[0]) observed.attemptFailed(outcome.failures[0].error);
          return outcome;
        },
        (error: unknown) => {
          observed.attemptFailed(error);
          throw error;
        },
      );
    let attempt = 1;
    return deliverBatch(
      (messages, abort) => {
        observed.attempt(attempt++, messages);
        return watch(target.send(messages, abort));
      },
      batch,
      policy,
      signal,
      { outcome: watch(first), started },
    ).then((report) => {
      observed.end(report);
      return report;
    });
  };

  /** Sends and rejects unless every message was delivered (see {@link batchFailure}). */
  const sendOnce = (target: PublisherTransport, batch: OutboundMessage[], retry: RetryPolicy | undefined, signal?: AbortSignal) =>
    deliver(target, batch, retry, signal).then((report) => {
      if (report.failed.length > 0) throw batchFailure(report, target.provider);
    });

  /** Sends in chunks within the provider's limits; rejects with every chunk's outcomes merged. */
  const sendChunked = async (target: PublisherTransport, batch: OutboundMessage[]): Promise<void> => {
    const merged: BatchReport = { delivered: [], failed: [] };
    for (const chunk of chunkBatch(target, batch)) {
      const report = await deliver(target, chunk, undefined);
      merged.delivered.push(...report.delivered);
      merged.failed.push(...report.failed);
    }
    if (merged.failed.length > 0) throw batchFailure(merged, target.provider);
  };

  const { outbox } = options;
  /** The outbox's size when it can tell; `failed` when its store does not answer. */
  const outboxState = async (): Promise<{ size?: number; failed?: string; config?: boolean }> => {
    if (!outbox?.size) return {};
    try {
      return { size: await outbox.size() };
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error), config: RealtimeError.isInstance(error, 'CONFIG') };
    }
  };
  const outboxSize = async () => (await outboxState()).size;
  let recovery: OutboxRecovery | undefined;
  const startRecovery = (): OutboxRecovery | undefined => {
    if (!outbox || closed) return undefined;
    recovery ??= createOutboxRecovery(
      outbox,
      async (batch) => {
        if (options.history) await appendToHistory(options.history, batch);
        return sendChunked(await transport(), batch);
      },
      async () => (await transport()).limits.maxBatchSize,
    );
    recovery.start();
    return recovery;
  };

  /** Sends with retries; with an outbox, records first and forgets once accepted. */
  const send = (target: PublisherTransport, batch: OutboundMessage[], retry: RetryPolicy | undefined, signal?: AbortSignal) => {
    observer.prepared?.(batch);
    const durable = startRecovery();
    const go = () =>
      !outbox || !durable
        ? sendOnce(target, batch, retry, signal)
        : sendDurably({ deliver, defaultRetry: options.retry, store: outbox, recovery: durable, observer }, target, batch, retry, signal);
    // History first (numbered before the outbox records it), then the send; never rejects.
    return options.history ? appendToHistory(options.history, batch).then(go) : go();
  };

  /** Sends one prepared message and answers with its id. */
  const sendOne = (target: PublisherTransport, message: OutboundMessage, publishOptions: PublishOptions): Promise<PublishResult> => {
    const batch = [message];
    if (outbox || options.history) {
      return send(target, batch, publishOptions.retry, publishOptions.signal).then(() => ({ id: message.envelope.id }));
    }
    // Neither history nor outbox (the common case): what `send` does, with one promise less.
    observer.prepared?.(batch);
    return deliver(target, batch, publishOptions.retry, publishOptions.signal).then((report) => {
      if (report.failed.length > 0) throw batchFailure(report, target.provider);
      return { id: message.envelope.id };
    });
  };

  async function publishOnceLoaded(
    channel: ChannelRef,
    event: string,
    data: unknown,
    publishOptions: PublishOptions,
  ): Promise<PublishResult> {
    const target = await transport();
    return sendOne(target, await prepare(target, channel, event, data, publishOptions.id, publishOptions), publishOptions);
  }

  /** The user's stream of a catalog; INVALID_CHANNEL for anything that is not a user-event catalog. */
  const userStreamOf = (users: UserEventsDefinition, userId: string | number) => {
    const stream = typeof users === 'function' ? users({ userId }) : undefined;
    if (!stream) throw new RealtimeError('INVALID_CHANNEL', 'publishToUser needs a defineUserEvents catalog');
    assertUserStream(stream);
    return stream;
  };

  /** Everyone present on a presence channel, one member per user, data checked against its schema. */
  const membersOf = async <TRef extends ChannelRef>(channel: TRef): Promise<ServerPresenceMemberOf<TRef>[]> => {
    const target = await transport();
    requireCapability(target.provider, target.capabilities, 'serverPresence');
    if (channel.definition.access !== 'presence') {
      throw new RealtimeError('INVALID_CHANNEL', `"${channel.name}" is not a presence channel`, { provider: target.provider });
    }
    if (!target.presenceMembers) throw new RealtimeError('UNSUPPORTED', `${target.provider} does not support serverPresence`);
    return (await serverMembers(channel, await target.presenceMembers(channel))) as ServerPresenceMemberOf<TRef>[];
  };

  const publisher: RealtimePublisher = {
    publish(channel, event, data, publishOptions = {}) {
      const target = loaded;
      if (!target || closed) return publishOnceLoaded(channel, event, data, publishOptions);
      // The transport is ready: check, validate and hand over without an await in between.
      try {
        const message = prepare(target, channel, event, data, publishOptions.id, publishOptions);
        if (message instanceof Promise) return message.then((prepared) => sendOne(target, prepared, publishOptions));
        return sendOne(target, message, publishOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    publishToUser(users, userId, event, data, publishOptions) {
      try {
        return publisher.publish(userStreamOf(users, userId), event, data, publishOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    publishToUsers(users, userIds, event, data, batchOptions = {}) {
      try {
        // Excluding a user from a list of user streams is leaving their stream out: nothing is sent to them.
        const excluded = excludedUser(batchOptions.excludeUserId);
        const entries = userIds
          .map((userId) => userStreamOf(users, userId))
          .filter((stream) => stream.params.userId !== excluded)
          .map((channel) => ({ channel, event, data }));
        return publisher.publishMany(entries, batchOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    async publishMany(entries, batchOptions = {}) {
      const target = await transport();
      const messages: OutboundMessage[] = [];
      for (const entry of entries) {
        messages.push(await prepare(target, entry.channel, entry.event, entry.data, entry.id, entry));
      }
      // Chunks respect the provider's count, byte and distinct-channel limits per request.
      for (const chunk of chunkBatch(target, messages)) await send(target, chunk, batchOptions.retry, batchOptions.signal);
      return messages.map((message) => ({ id: message.envelope.id }));
    },

    presence(channel) {
      assertChannelRef(channel);
      const members = () => membersOf(channel);
      return {
        members,
        isPresent: async (userId) => (await members()).some((member) => member.userId === String(userId)),
      };
    },

    members(channel) {
      assertChannelRef(channel);
      return membersOf(channel);
    },

    async health() {
      try {
        const report = await (await transport()).health();
        const state = await outboxState();
        const reasons = [...(report.reasons ?? []), ...tracked.reasons(state.size)];
        if (state.failed && state.config)
          reasons.push(healthReason('misconfigured', 'unhealthy', `The outbox refuses its store: ${state.failed}`));
        else if (state.failed) reasons.push(healthReason('redis-down', 'degraded', `The outbox's store does not answer: ${state.failed}`));
        if (report.status === 'unhealthy' && !report.reasons?.length) {
          reasons.unshift(healthReason('provider-unreachable', 'unhealthy', `${report.provider} does not answer`));
        }
        const status = worstStatus(report.status, ...reasons.map((reason) => reason.status));
        return { ...report, status, reasons };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = RealtimeError.isInstance(error, 'CLOSED') ? 'not-running' : 'provider-unreachable';
        return {
          status: 'unhealthy',
          reasons: [healthReason(code, 'unhealthy', message)],
          provider: RealtimeError.isInstance(error) ? (error.provider ?? 'unknown') : 'unknown',
          details: { error: message },
        };
      }
    },

    async stats() {
      const target = await transport();
      const counts = (await target.stats?.().catch(() => undefined)) ?? {};
      return {
        ...counts,
        provider: target.provider,
        uptimeMs: Date.now() - createdAt,
        rates: tracked.rates(),
        totals: tracked.totals(),
        outboxBacklog: await outboxSize(),
      };
    },

    async describe() {
      const target = await transport();
      return { provider: target.provider, capabilities: target.capabilities, limits: target.limits };
    },

    history(channel, query) {
      return readHistory(options.history, channel, query);
    },

    async recoverOutbox() {
      const durable = startRecovery();
      return durable ? durable.recover() : 0;
    },

    async close() {
      if (closed) return;
      const pending = loading;
      closed = true;
      recovery?.stop();
      await outbox?.close();
      await options.history?.close();
      if (pending) await (await pending).close();
    },
  };
  return publisher;
}
