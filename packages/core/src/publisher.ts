import type { Capabilities, ProviderLimits } from './capabilities.js';
import { requireCapability } from './capabilities.js';
import { assertChannelRef, assertEventName, type ChannelRef, type EventInput, type EventName } from './channel.js';
import { createMessageId, type Envelope, jsonByteLength } from './envelope.js';
import { RealtimeError } from './errors.js';
import { membersByUser, type PresenceMember } from './presence.js';
import { type RetryOptions, withRetry } from './retry.js';
import type { HealthReport, OutboundMessage, PublisherTransport } from './transport.js';
import { validateWithSchema } from './validation.js';

export interface PublishOptions {
  /** Message id; give one to make a retried call idempotent across processes. Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive this message ("to others"). */
  excludeConnectionId?: string | undefined;
  /** Overrides the publisher's retry policy; `false` sends once. */
  retry?: RetryOptions | false;
  signal?: AbortSignal;
}

export interface PublishResult {
  id: string;
}

/** One entry of {@link RealtimePublisher.publishMany}. */
export interface BatchEntry<TRef extends ChannelRef = ChannelRef, TEvent extends EventName<TRef> = EventName<TRef>> {
  channel: TRef;
  event: TEvent;
  data: EventInput<TRef, TEvent>;
  id?: string;
  excludeConnectionId?: string;
}

/** What an adapter is, once loaded. */
export interface AdapterDescription {
  provider: string;
  capabilities: Capabilities;
  limits: ProviderLimits;
}

/** Server-side view of a presence channel. */
export interface ServerPresence {
  /** Everyone present, one entry per user. */
  members(): Promise<PresenceMember[]>;
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
  health(): Promise<HealthReport>;
  describe(): Promise<AdapterDescription>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}

export interface PublisherCoreOptions {
  /**
   * Default retry policy of every publish.
   * @default { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000, deadlineMs: 30000 }
   */
  retry?: RetryOptions | false;
  /**
   * Validate payloads against the channel's schemas before sending.
   * Turn off only for trusted, already validated data.
   * @default true
   */
  validate?: boolean;
}

type TransportSource = PublisherTransport | (() => Promise<PublisherTransport>);

/** Wraps an adapter's transport with validation, envelopes, limits and retries. */
export function createPublisherFromTransport(source: TransportSource, options: PublisherCoreOptions = {}): RealtimePublisher {
  let loading: Promise<PublisherTransport> | undefined;
  let closed = false;
  const transport = (): Promise<PublisherTransport> => {
    if (closed) return Promise.reject(new RealtimeError('CLOSED', 'This publisher is closed'));
    loading ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return loading;
  };
  const sequences = new Map<string, number>();

  async function prepare(
    target: PublisherTransport,
    channel: ChannelRef,
    event: string,
    data: unknown,
    id: string | undefined,
    excludeConnectionId: string | undefined,
  ): Promise<OutboundMessage> {
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
    const value = options.validate === false ? data : await validateWithSchema(schema, data, `Payload of "${event}"`);
    target.providerChannelName(channel);
    if (excludeConnectionId !== undefined) requireCapability(target.provider, target.capabilities, 'exclusion');
    const seq = (sequences.get(channel.name) ?? 0) + 1;
    sequences.set(channel.name, seq);
    const envelope: Envelope = { id: id ?? createMessageId(), event, data: value, ts: Date.now(), seq };
    if (excludeConnectionId !== undefined) envelope.exclude = excludeConnectionId;
    const size = jsonByteLength(envelope);
    if (size > target.limits.maxPayloadBytes) {
      throw new RealtimeError(
        'PAYLOAD_TOO_LARGE',
        `Message "${event}" on "${channel.name}" is ${size} bytes; ${target.provider} accepts at most ${target.limits.maxPayloadBytes}`,
        { provider: target.provider, details: { size, limit: target.limits.maxPayloadBytes } },
      );
    }
    return { channel, envelope };
  }

  const send = (target: PublisherTransport, batch: OutboundMessage[], retry: RetryOptions | false | undefined, signal?: AbortSignal) =>
    withRetry(() => target.send(batch, signal), retry ?? options.retry, signal);

  return {
    async publish(channel, event, data, publishOptions = {}) {
      const target = await transport();
      const message = await prepare(target, channel, event, data, publishOptions.id, publishOptions.excludeConnectionId);
      await send(target, [message], publishOptions.retry, publishOptions.signal);
      return { id: message.envelope.id };
    },

    async publishMany(entries, batchOptions = {}) {
      const target = await transport();
      const messages: OutboundMessage[] = [];
      for (const entry of entries) {
        messages.push(await prepare(target, entry.channel, entry.event, entry.data, entry.id, entry.excludeConnectionId));
      }
      const size = Math.max(1, target.limits.maxBatchSize);
      for (let start = 0; start < messages.length; start += size) {
        await send(target, messages.slice(start, start + size), batchOptions.retry, batchOptions.signal);
      }
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

    async close() {
      if (closed) return;
      const pending = loading;
      closed = true;
      if (pending) await (await pending).close();
    },
  };
}
