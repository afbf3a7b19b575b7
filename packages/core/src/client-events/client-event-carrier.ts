/**
 * The adapter side of client events: what a subscriber transport offers in `clientEvents` so
 * `whisper` and `listenForWhisper` can reach the provider. The base transports do not carry it (a
 * page that never whispers pays nothing); each adapter's `/client-events` entry adds it.
 */
import type { ChannelRef } from '../channel.js';
import type { SubscriberTransport } from '../transport.js';

/** Client events one connection may send per second unless the provider or hub says otherwise (as hosted Pusher). */
export const DEFAULT_CLIENT_EVENTS_PER_SECOND = 10;

/** One client event as a receiving transport hands it over, before core checks it. */
export interface InboundClientEvent {
  /** The client event's name as the sender gave it (declared or not: core checks). */
  event: string;
  /** The data as received; core validates it against the channel's schema. */
  data: unknown;
  /**
   * The sender's user id as the provider or hub attached it from the sender's credential, never
   * from the data; `undefined` where the provider attaches none (Pusher private channels).
   */
  userId: string | undefined;
}

/** How a transport carries client events on a provider. */
export interface ClientEventCarrier {
  /**
   * Sends one client event on a channel this connection is attached to. Resolves once the
   * provider or hub took it; rejects with its refusal (FORBIDDEN, RATE_LIMITED, INVALID_EVENT …)
   * where the provider answers, which hosted Pusher does not.
   */
  send(channel: ChannelRef, event: string, data: unknown): Promise<void>;
  /**
   * Hands every client event other connections send on a channel to `listener`. Resolves, once
   * the provider listens, with the function that stops it; rejects with the provider's refusal.
   */
  listen(channel: ChannelRef, listener: (event: InboundClientEvent) => void): Promise<() => void>;
}

/** A subscriber transport that carries client events. */
export interface ClientEventTransport extends SubscriberTransport {
  /** Present when the adapter's `/client-events` entry built the transport. */
  clientEvents?: ClientEventCarrier | undefined;
}

/**
 * The transport of a subscriber that can move between providers (a live provider switch): the
 * current provider's transport, and a listener for when it is replaced. Client events reach the
 * current provider's carrier through it and listen again after a move.
 */
export interface SwitchableTransport extends SubscriberTransport {
  /** The provider transport in use now. */
  current(): SubscriberTransport;
  /** Called with each transport that replaces the current one; one slot, which client events fill. */
  swapped?: ((next: SubscriberTransport) => void) | undefined;
}
