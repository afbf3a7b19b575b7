import { type BatchReport, batchFailure, chunkBatch, deliverBatch } from './batching.js';
import type { Capabilities, ProviderLimits } from './capabilities.js';
import { requireCapability } from './capabilities.js';
import { assertChannelRef, assertEventName, type ChannelRef, type EventInput, type EventName } from './channel.js';
import { createMessageId, type Envelope, jsonSizeOverLimit } from './envelope.js';
import { RealtimeError } from './errors.js';
import type { HistoryPage, HistoryQuery } from './history/history-query.js';
import type { HistoryStore } from './history/history-store.js';
import { appendToHistory, readHistory, withHistorySeqPlaceholder } from './history/publisher-history.js';
import type { PublisherOutbox } from './outbox/outbox.js';
import { createOutboxRecovery, type OutboxRecovery } from './outbox/outbox-recovery.js';
import { membersByUser, type PresenceMember } from './presence.js';
import { isRetriable, type RetryPolicy, withRetry } from './retry.js';
import type { HealthReport, OutboundMessage, PublisherTransport } from './transport.js';
import { validatedPayload } from './validation.js';

/** Options of one {@link RealtimePublisher.publish}. */
export interface PublishOptions {
  /** Message id; give one to make a retried call idempotent across processes. Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive this message ("to others"). */
  excludeConnectionId?: string | undefined;
  /** Overrides the publisher's retry policy: a policy, a preset (`'serverless'`), or `false` to send once. */
  retry?: RetryPolicy;
  /** Aborts the publish and its retries. */
  signal?: AbortSignal;
}

/** What a successful publish returns. */
export interface PublishResult {
  /** The message id; the same on every retry, and what subscribers see as `meta.id`. */
  id: string;
}

/** One entry of {@link RealtimePublisher.publishMany}. */
export interface BatchEntry<TRef extends ChannelRef = ChannelRef, TEvent extends EventName<TRef> = EventName<TRef>> {
  /** The channel to publish on. */
  channel: TRef;
  /** The event name. */
  event: TEvent;
  /** The payload, validated against the event's schema. */
  data: EventInput<TRef, TEvent>;
  /** Message id, for idempotency across processes. Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive it. */
  excludeConnectionId?: string;
}

/** What an adapter is, once loaded. */
export interface AdapterDescription {
  /** The provider's name. */
  provider: string;
  /** What the provider supports. */
  capabilities: Capabilities;
  /** Limits checked before sending. */
  limits: ProviderLimits;
}

/** Server-side view of a presence channel. */
export interface ServerPresence {
  /** Everyone present, one entry per user. */
  members(): Promise<PresenceMember[]>;
  /** Whether the user has at least one connection on the channel. */
  isPresent(userId: string): Promise<boolean>;
}

/** Publishes events from a backend. Create with {@link createPublisher}. */
export interface RealtimePublisher {
  /** Publishes one event; resolves once the provider accepted it. Same `id` on every retry. */
  publish<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    channel: TRef,
    event: TEvent,
    data: EventInput<TRef, TEvent>,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /** Publishes many events in as few provider requests as its limits allow. Validates all first. */
  publishMany(entries: ReadonlyArray<BatchEntry>, options?: Pick<PublishOptions, 'retry' | 'signal'>): Promise<PublishResult[]>;
  /** Server-side presence query. Fails with UNSUPPORTED where the provider has none. */
  presence(channel: ChannelRef): ServerPresence;
  /** Checks the provider can be reached: `healthy`, `degraded` or `unhealthy`, never throws. */
  health(): Promise<HealthReport>;
  /** Loads the adapter if needed and reports its provider, capabilities and limits. */
  describe(): Promise<AdapterDescription>;
  /**
   * With an outbox: sends now what this publisher kept after failures and what crashed publishers
   * left behind; resolves with how many messages were delivered. Also runs every
   * `outbox.recoverIntervalMs` once the publisher is used. Present on publishers built by core.
   */
  recoverOutbox?(): Promise<number>;
  /**
   * Reads a page of the channel's history from the `history` store, typed from its event schemas;
   * pass the page's `next` to read on. Fails with CONFIG without a store.
   */
  history<TRef extends ChannelRef>(channel: TRef, query?: HistoryQuery): Promise<HistoryPage<TRef>>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Options every publisher accepts, whatever the provider. */
export interface PublisherCoreOptions {
  /**
   * Default retry policy of every publish: a policy, a preset (`'serverless'` for short function
   * deadlines: gives up within 2.5 s), or `false` to send once. The default rides out an outage of
   * 7.5 s and gives up after 15 s of waiting (see `DEFAULT_RETRY`).
   * @default { attempts: 12, baseDelayMs: 100, maxDelayMs: 2000, deadlineMs: 20000 }
   */
  retry?: RetryPolicy;
  /**
   * Validate payloads against the channel's schemas before sending.
   * Turn off only for trusted, already validated data.
   * @default true
   */
  validate?: boolean;
  /**
   * Durable outbox (`redisOutbox` from `@switchboard/core/outbox`): every message is recorded
   * before its first attempt and removed once the provider accepted it. A message whose retries
   * ran out stays and is sent again later (the publish still rejects with the cause); messages a
   * crashed publisher left are sent by the next publisher on the same outbox, with the same ids.
   * @default undefined (no outbox)
   */
  outbox?: PublisherOutbox;
  /**
   * History store (`redisHistory` or `memoryHistory` from `@switchboard/core/history`): every
   * message is appended before it is sent and carries the store's per-channel number as
   * `historySeq`. A store that fails or is slow is reported to its `onError` and the message is sent
   * unnumbered. See docs/history.md.
   * @default undefined (no history)
   */
  history?: HistoryStore;
}

type TransportSource = PublisherTransport | (() => Promise<PublisherTransport>);

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
  const sequences = new Map<string, number>();

  /**
   * Checks and wraps one message. Synchronous unless the schema validates asynchronously, so the
   * common case costs no promise; every failure is thrown (or rejected) before anything is sent.
   */
  function prepare(
    target: PublisherTransport,
    channel: ChannelRef,
    event: string,
    data: unknown,
    id: string | undefined,
    excludeConnectionId: string | undefined,
  ): OutboundMessage | Promise<OutboundMessage> {
    assertChannelRef(channel);
    assertEventName(event);
    const schema = channel.definition.events[event];
    if (!schema) {
      throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${event}"`, {
        provider: target.provider,
        details: { event, known: Object.keys(channel.definition.events) },
      });
    }
    if (event.length > target.limits.maxEventNameLength) {
      throw new RealtimeError('INVALID_EVENT', `Event name "${event}" is longer than ${target.limits.maxEventNameLength}`, {
        provider: target.provider,
      });
    }
    if (options.validate === false) return seal(target, channel, event, data, id, excludeConnectionId);
    const result = schema['~standard'].validate(data);
    if (result instanceof Promise) {
      return result.then((settled) => seal(target, channel, event, validatedPayload(settled, event), id, excludeConnectionId));
    }
    return seal(target, channel, event, validatedPayload(result, event), id, excludeConnectionId);
  }

  /** Maps the channel, numbers the message, builds its envelope and checks its size. */
  function seal(
    target: PublisherTransport,
    channel: ChannelRef,
    event: string,
    value: unknown,
    id: string | undefined,
    excludeConnectionId: string | undefined,
  ): OutboundMessage {
    target.providerChannelName(channel);
    if (excludeConnectionId !== undefined) requireCapability(target.provider, target.capabilities, 'exclusion');
    const seq = (sequences.get(channel.name) ?? 0) + 1;
    sequences.set(channel.name, seq);
    const envelope: Envelope = { id: id ?? createMessageId(), event, data: value, ts: Date.now(), seq };
    if (excludeConnectionId !== undefined) envelope.exclude = excludeConnectionId;
    const size = jsonSizeOverLimit(withHistorySeqPlaceholder(envelope, channel, options.history), target.limits.maxPayloadBytes);
    if (size !== undefined) {
      throw new RealtimeError(
        'PAYLOAD_TOO_LARGE',
        `Message "${event}" on "${channel.name}" is ${size} bytes; ${target.provider} accepts at most ${target.limits.maxPayloadBytes}`,
        { provider: target.provider, details: { size, limit: target.limits.maxPayloadBytes } },
      );
    }
    return { channel, envelope };
  }

  /** Sends with retries; per-message outcomes, so only the failed retriable entries are resent. */
  const deliver = (target: PublisherTransport, batch: OutboundMessage[], retry: RetryPolicy | undefined, signal?: AbortSignal) =>
    deliverBatch((messages, abort) => target.send(messages, abort), batch, retry ?? options.retry, signal);

  /** Sends and rejects unless every message was delivered (see {@link batchFailure}). */
  const sendOnce = async (
    target: PublisherTransport,
    batch: OutboundMessage[],
    retry: RetryPolicy | undefined,
    signal?: AbortSignal,
  ): Promise<void> => {
    const report = await deliver(target, batch, retry, signal);
    if (report.failed.length > 0) throw batchFailure(report, target.provider);
  };

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
    const durable = startRecovery();
    const go = () =>
      !outbox || !durable ? sendOnce(target, batch, retry, signal) : sendDurably(outbox, durable, target, batch, retry, signal);
    // History first (numbered before the outbox records it), then the send; never rejects.
    return options.history ? appendToHistory(options.history, batch).then(go) : go();
  };

  const sendDurably = async (
    store: PublisherOutbox,
    durable: OutboxRecovery,
    target: PublisherTransport,
    batch: OutboundMessage[],
    retry: RetryPolicy | undefined,
    signal?: AbortSignal,
  ) => {
    let keys: string[];
    try {
      // Recording is idempotent per message id, so a record whose answer was lost is retried safely.
      keys = await withRetry(() => store.record(batch), retry ?? options.retry, signal);
    } catch (error) {
      // Maybe stored, maybe not (an outage, an abort): make sure it is never sent, then reject.
      // "Rejected" means "not sent". CONFIG and CLOSED fail before anything reaches the store.
      if (!RealtimeError.isInstance(error, 'CONFIG') && !RealtimeError.isInstance(error, 'CLOSED')) {
        await store.discard?.(batch).catch(() => {});
      }
      throw error;
    }
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
  };

  /** Sends one prepared message and answers with its id. */
  const sendOne = (target: PublisherTransport, message: OutboundMessage, publishOptions: PublishOptions): Promise<PublishResult> =>
    send(target, [message], publishOptions.retry, publishOptions.signal).then(() => ({ id: message.envelope.id }));

  async function publishOnceLoaded(
    channel: ChannelRef,
    event: string,
    data: unknown,
    publishOptions: PublishOptions,
  ): Promise<PublishResult> {
    const target = await transport();
    return sendOne(
      target,
      await prepare(target, channel, event, data, publishOptions.id, publishOptions.excludeConnectionId),
      publishOptions,
    );
  }

  return {
    publish(channel, event, data, publishOptions = {}) {
      const target = loaded;
      if (!target || closed) return publishOnceLoaded(channel, event, data, publishOptions);
      // The transport is ready: check, validate and hand over without an await in between.
      try {
        const message = prepare(target, channel, event, data, publishOptions.id, publishOptions.excludeConnectionId);
        if (message instanceof Promise) return message.then((prepared) => sendOne(target, prepared, publishOptions));
        return sendOne(target, message, publishOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    async publishMany(entries, batchOptions = {}) {
      const target = await transport();
      const messages: OutboundMessage[] = [];
      for (const entry of entries) {
        messages.push(await prepare(target, entry.channel, entry.event, entry.data, entry.id, entry.excludeConnectionId));
      }
      // Chunks respect the provider's count, byte and distinct-channel limits per request.
      for (const chunk of chunkBatch(target, messages)) await send(target, chunk, batchOptions.retry, batchOptions.signal);
      return messages.map((message) => ({ id: message.envelope.id }));
    },

    presence(channel) {
      assertChannelRef(channel);
      const members = async () => {
        const target = await transport();
        requireCapability(target.provider, target.capabilities, 'serverPresence');
        if (channel.definition.access !== 'presence') {
          throw new RealtimeError('INVALID_CHANNEL', `"${channel.name}" is not a presence channel`, { provider: target.provider });
        }
        if (!target.presenceMembers) throw new RealtimeError('UNSUPPORTED', `${target.provider} does not support serverPresence`);
        return membersByUser(await target.presenceMembers(channel));
      };
      return {
        members,
        isPresent: async (userId) => (await members()).some((member) => member.userId === String(userId)),
      };
    },

    async health() {
      try {
        return await (await transport()).health();
      } catch (error) {
        return {
          status: 'unhealthy',
          provider: RealtimeError.isInstance(error) ? (error.provider ?? 'unknown') : 'unknown',
          details: { error: error instanceof Error ? error.message : String(error) },
        };
      }
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
}
