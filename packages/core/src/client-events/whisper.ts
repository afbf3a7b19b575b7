/**
 * Client events ("whispers"): typing indicators and cursors one member sends straight to the other
 * members of a private or presence channel, without a server round trip. Free functions rather than
 * subscriber methods, so pages that never whisper carry none of it; the adapter's part comes with
 * its `/client-events` entry (see docs/users-and-client-events.md).
 */
import { assertChannelRef, type ChannelRef, type ClientEventData, type ClientEventInput, type ClientEventName } from '../channel.js';
import { jsonSizeOverLimit } from '../envelope.js';
import { RealtimeError, unsupported } from '../errors.js';
import type { RealtimeSubscriber } from '../subscriber/subscriber-types.js';
import type { SubscriberTransport } from '../transport.js';
import { validateWithSchema } from '../validation.js';
import {
  type ClientEventCarrier,
  type ClientEventTransport,
  DEFAULT_CLIENT_EVENTS_PER_SECOND,
  type InboundClientEvent,
  type SwitchableTransport,
} from './client-event-carrier.js';
import { clientEventSchema } from './client-event-rules.js';
import { createSlidingWindow } from './sliding-window.js';

/** What a whisper listener learns besides the data. */
export interface WhisperMeta<TEvent extends string = string> {
  /** The client event's name. */
  event: TEvent;
  /** Logical channel name. */
  channel: string;
  /**
   * The sender's user id, as the provider or hub attached it from the sender's credential — never
   * read from the data. `undefined` where the provider attaches none (Pusher private channels).
   */
  userId: string | undefined;
}

/** Receives one client event: its validated data and who sent it. */
export type WhisperHandler<TData, TEvent extends string = string> = (data: TData, meta: WhisperMeta<TEvent>) => void;

/** Options of {@link listenForWhisper}. */
export interface WhisperListenOptions {
  /**
   * Called with each client event this listener refused: `VALIDATION_FAILED` (data its schema
   * refuses), `INVALID_EVENT` (a name the channel does not declare, from a client that bypassed
   * `whisper`), and with a refused or failed subscription.
   */
  onError?: (error: RealtimeError) => void;
}

/** Listening to client events on one channel. */
export interface WhisperSubscription {
  /** Logical channel name. */
  readonly channel: string;
  /** Settles when the provider confirmed (resolves) or refused (rejects) the channel, like `Subscription.ready`. */
  readonly ready: Promise<void>;
  /** Stops the handler; the channel is released once nothing else uses it. Safe to call twice. */
  unsubscribe(): void;
}

const limiters = new WeakMap<object, ReturnType<typeof createSlidingWindow>>();

const isSwitchable = (transport: object): transport is SwitchableTransport =>
  typeof (transport as Partial<SwitchableTransport>).current === 'function';

/** Who hears of a live provider switch, per switchable transport (its one `swapped` slot). */
const swapListeners = new WeakMap<SwitchableTransport, Set<(next: SubscriberTransport) => void>>();

function onSwap(transport: SwitchableTransport, listener: (next: SubscriberTransport) => void): () => void {
  let listeners = swapListeners.get(transport);
  if (!listeners) {
    const created = new Set<(next: SubscriberTransport) => void>();
    transport.swapped = (next) => {
      for (const each of created) each(next);
    };
    swapListeners.set(transport, created);
    listeners = created;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The subscriber's transport and its client-event carrier; UNSUPPORTED (naming the entry to load) without one. */
async function carrierOf(
  subscriber: RealtimeSubscriber,
): Promise<{ transport: ClientEventTransport; carrier: ClientEventCarrier; switchable: SwitchableTransport | undefined }> {
  const described = (await subscriber.describe()) as ClientEventTransport;
  const switchable = isSwitchable(described) ? described : undefined;
  // During a live provider switch, the current provider's transport carries them.
  const transport: ClientEventTransport = switchable ? switchable.current() : described;
  const carrier = transport.clientEvents;
  if (carrier) return { transport, carrier, switchable };
  const error = unsupported(transport.provider, 'clientEvents');
  throw transport.capabilities.clientEvents
    ? new RealtimeError(
        'UNSUPPORTED',
        `Client events on ${transport.provider} need its client-events entry (such as @switchboard/${transport.provider}/client-events) in place of /subscriber`,
        { provider: transport.provider, details: error.details },
      )
    : error;
}

/**
 * Sends a client event to the channel's other members (never back to this connection). The data
 * is checked against the channel's `clientEvents` schema first; the sender's user id is attached
 * by the provider or hub, not taken from the data. Rejects with FORBIDDEN on a public channel or
 * one this user may not join (the subscription's refusal), INVALID_EVENT for an undeclared name,
 * VALIDATION_FAILED, PAYLOAD_TOO_LARGE, RATE_LIMITED past 10 per second on this connection (with
 * `retryAfterMs`), UNSUPPORTED when the adapter was not loaded from its `/client-events` entry.
 *
 * @example
 * await whisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', { typing: true });
 */
export async function whisper<TRef extends ChannelRef, TEvent extends ClientEventName<TRef>>(
  subscriber: RealtimeSubscriber,
  channel: TRef,
  event: TEvent,
  data: ClientEventInput<TRef, TEvent>,
): Promise<void> {
  assertChannelRef(channel);
  const value = await validateWithSchema(clientEventSchema(channel.definition, event), data, `Client event "${event}"`);
  const { transport, carrier } = await carrierOf(subscriber);
  const over = jsonSizeOverLimit(value, transport.limits.maxPayloadBytes);
  if (over !== undefined) {
    throw new RealtimeError(
      'PAYLOAD_TOO_LARGE',
      `Client event of ${over} bytes; ${transport.provider} accepts ${transport.limits.maxPayloadBytes}`,
      {
        provider: transport.provider,
      },
    );
  }
  const limiter = limiters.get(transport) ?? createSlidingWindow(DEFAULT_CLIENT_EVENTS_PER_SECOND);
  limiters.set(transport, limiter);
  const slot = limiter.take();
  if (!slot.ok) {
    throw new RealtimeError('RATE_LIMITED', `At most ${DEFAULT_CLIENT_EVENTS_PER_SECOND} client events per second per connection`, {
      provider: transport.provider,
      retryAfterMs: slot.retryAfterMs,
      details: { limit: 'clientEventsPerSecond' },
    });
  }
  // Only members the access rules admit may send: hold the channel (the provider's or hub's
  // refusal rejects here) for as long as the send takes.
  const hold = subscriber.subscribe(channel, {});
  try {
    await hold.ready;
    await carrier.send(channel, event, value);
  } finally {
    hold.unsubscribe();
  }
}

/**
 * Listens to one client event of a channel. Each one is validated against the channel's schema
 * before the handler sees it (refusals go to `options.onError`); `meta.userId` is the sender as the
 * provider or hub identified it.
 *
 * @example
 * listenForWhisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', (data, { userId }) => showTyping(userId, data.typing));
 */
export function listenForWhisper<TRef extends ChannelRef, TEvent extends ClientEventName<TRef>>(
  subscriber: RealtimeSubscriber,
  channel: TRef,
  event: TEvent,
  handler: WhisperHandler<ClientEventData<TRef, TEvent>, TEvent>,
  options: WhisperListenOptions = {},
): WhisperSubscription {
  assertChannelRef(channel);
  const schema = clientEventSchema(channel.definition, event);
  if (typeof handler !== 'function') throw new RealtimeError('CONFIG', 'listenForWhisper(): handler must be a function');
  let active = true;
  let stop: (() => void) | undefined;
  const report = (error: unknown) => {
    if (active && RealtimeError.isInstance(error)) options.onError?.(error);
  };
  // Receivers hold every sender to the rate too: a client that bypassed `whisper` (and a provider
  // that cannot limit it, Ably) floods no handler.
  const senders = new Map<string, ReturnType<typeof createSlidingWindow>>();
  const receive = (inbound: InboundClientEvent) => {
    if (!active) return;
    if (inbound.event !== event) {
      // An undeclared name never reaches a handler; each listener of the channel reports it.
      try {
        clientEventSchema(channel.definition, inbound.event);
      } catch (error) {
        report(error);
      }
      return;
    }
    const sender = inbound.userId ?? '';
    const window = senders.get(sender) ?? createSlidingWindow(DEFAULT_CLIENT_EVENTS_PER_SECOND);
    senders.set(sender, window);
    if (!window.take().ok) {
      report(
        new RealtimeError(
          'RATE_LIMITED',
          `Dropped a client event from ${sender || 'an unidentified sender'}: over ${DEFAULT_CLIENT_EVENTS_PER_SECOND} per second`,
        ),
      );
      return;
    }
    const meta: WhisperMeta<TEvent> = { event, channel: channel.name, userId: inbound.userId };
    validateWithSchema(schema, inbound.data, `Client event "${event}"`).then(
      (data) => active && handler(data as ClientEventData<TRef, TEvent>, meta),
      report,
    );
  };
  // Listen once the channel is confirmed: only then does the provider let this member in (Ably's
  // token covers the client-event channel only with it).
  const subscription = subscriber.subscribe(channel, {});
  const ready = subscription.ready.then(async () => {
    const { carrier, switchable } = await carrierOf(subscriber);
    if (!active) return;
    let stopListening = await carrier.listen(channel, receive);
    // After a live provider switch, listen on the provider the subscriber moved to.
    const stopFollowing =
      switchable &&
      onSwap(switchable, (next) => {
        stopListening();
        stopListening = () => {};
        (next as ClientEventTransport).clientEvents?.listen(channel, receive).then((stopNext) => {
          if (active) stopListening = stopNext;
          else stopNext();
        }, report);
      });
    stop = () => {
      stopFollowing?.();
      stopListening();
    };
    if (!active) stop();
  });
  ready.catch(report);
  return {
    channel: channel.name,
    ready,
    unsubscribe() {
      if (!active) return;
      active = false;
      stop?.();
      subscription.unsubscribe();
    },
  };
}
