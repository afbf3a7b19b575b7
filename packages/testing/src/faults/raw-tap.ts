/**
 * Wraps a subscriber transport to count what the provider handed over before core's
 * de-duplication: how many copies of an id arrived tells what the de-duplication window absorbed.
 */
import type { SubscriberTransport } from '@switchboard/core';

/** A subscriber transport with a counter of what the provider delivered more than once. */
export interface TappedTransport {
  /** The wrapped transport, to hand to core. */
  transport: SubscriberTransport;
  /** Copies beyond the first of any message id, as the provider delivered them. */
  rawDuplicates(): number;
}

const idOf = (raw: unknown): string | undefined => {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};

/** Wraps a transport to count raw duplicate deliveries before core de-duplicates them. */
export function tapTransport(transport: SubscriberTransport): TappedTransport {
  const seen = new Map<string, number>();
  let duplicates = 0;
  const tapped: SubscriberTransport = Object.create(transport);
  tapped.attach = (channel, sink, options) =>
    transport.attach(
      channel,
      {
        ...sink,
        message(message) {
          const id = idOf(message.envelope);
          if (id !== undefined) {
            const copies = (seen.get(id) ?? 0) + 1;
            seen.set(id, copies);
            if (copies > 1) duplicates += 1;
          }
          sink.message(message);
        },
      },
      options,
    );
  return { transport: tapped, rawDuplicates: () => duplicates };
}
