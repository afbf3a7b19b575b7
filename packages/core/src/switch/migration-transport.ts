/**
 * The publisher side of a live provider switch: a transport that sends every message to the
 * current provider and, while a migration window is open, to the previous one too, with the same
 * envelope (same id), so subscribers on either side miss nothing and drop the second copy by id.
 * Core's publisher wraps it like any transport, so retries, the outbox and the history store apply.
 */
import type { Capabilities, ProviderLimits } from '../capabilities.js';
import type { ChannelRef } from '../channel.js';
import { unsupported } from '../errors.js';
import { type OutboundMessage, type PublisherTransport, type SendOutcome, SPECIFICATION_VERSION } from '../transport.js';

/** Which transports a send reaches now: the current one, then the previous one while the window is open. */
export type SendTargets = () => readonly PublisherTransport[];

function smallest(limits: readonly ProviderLimits[]): ProviderLimits {
  const pick = (key: keyof ProviderLimits) => {
    const values = limits.map((limit) => limit[key]).filter((value): value is number => typeof value === 'number');
    return values.length > 0 ? Math.min(...values) : undefined;
  };
  return {
    maxPayloadBytes: pick('maxPayloadBytes') ?? Infinity,
    maxBatchSize: pick('maxBatchSize') ?? Infinity,
    maxEventNameLength: pick('maxEventNameLength') ?? Infinity,
    maxBatchBytes: pick('maxBatchBytes'),
    maxBatchChannels: pick('maxBatchChannels'),
  };
}

function common(capabilities: readonly Capabilities[]): Capabilities {
  const [first, ...rest] = capabilities as [Capabilities, ...Capabilities[]];
  const result = { ...first };
  for (const key of Object.keys(result) as (keyof Capabilities)[]) {
    result[key] = rest.every((other) => other[key]) && first[key];
  }
  return result;
}

/** A transport over `targets()`: `targets()[0]` is the current provider. */
export function migrationTransport(targets: SendTargets, close: () => Promise<void>): PublisherTransport {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    get provider() {
      return targets()[0]?.provider ?? 'switch';
    },
    get capabilities() {
      return common(targets().map((target) => target.capabilities));
    },
    get limits() {
      return smallest(targets().map((target) => target.limits));
    },
    providerChannelName(channel: ChannelRef) {
      // Every provider sent to must be able to name the channel; the current one's name is kept.
      const [current, ...others] = targets();
      for (const other of others) other.providerChannelName(channel);
      return (current as PublisherTransport).providerChannelName(channel);
    },
    async send(messages: OutboundMessage[], signal?: AbortSignal) {
      const outcomes = await Promise.all(targets().map((target) => target.send(messages, signal)));
      const failures = new Map<number, SendOutcome['failures'][number]>();
      for (const outcome of outcomes)
        for (const failure of outcome?.failures ?? []) if (!failures.has(failure.index)) failures.set(failure.index, failure);
      return failures.size > 0 ? { failures: [...failures.values()] } : undefined;
    },
    async presenceMembers(channel: ChannelRef) {
      const current = targets()[0] as PublisherTransport;
      if (!current.presenceMembers) throw unsupported(current.provider, 'serverPresence');
      return current.presenceMembers(channel);
    },
    async health() {
      const reports = await Promise.all(targets().map((target) => target.health()));
      const order = ['healthy', 'degraded', 'unhealthy'] as const;
      const worst = reports.reduce((a, b) => (order.indexOf(b.status) > order.indexOf(a.status) ? b : a));
      return { ...worst, provider: targets()[0]?.provider ?? worst.provider, details: { ...worst.details, providers: reports } };
    },
    close,
  };
}
