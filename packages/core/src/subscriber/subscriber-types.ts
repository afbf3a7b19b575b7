/** The subscriber's public types: what apps call and what their handlers receive. */

import type { AdapterDescription } from '../capabilities.js';
import type { ChannelRef, EventData, EventName, PresenceDataOf } from '../channel.js';
import type { RealtimeError } from '../errors.js';
import type { Rewind } from '../history/rewind.js';
import type { SubscriberHistory } from '../history/subscriber-catch-up.js';
import type { PresenceEvent, PresenceMember } from '../presence.js';
import type { ConnectionState, GapInfo, StateChange } from '../transport.js';
import type { ValidationPolicy } from '../validation-policy.js';

/** What a handler learns about a message besides its data. */
export interface MessageMeta<TEvent extends string = string> {
  /** The message id, stable across retries of the same publish. */
  id: string;
  /** The event name. */
  event: TEvent;
  /** Logical channel name. */
  channel: string;
  /** Publish time in ms (the provider's timestamp where it has one). */
  timestamp: number;
  /** True when the message was replayed after a reconnect. */
  recovered: boolean;
  /**
   * The message's number in its channel's history (`historySeq`), when the publisher has a history
   * store: keep the last one to resume with `rewind: { since }`.
   */
  seq?: number | undefined;
  /** The provider that delivered the message (during a live provider switch, either side). */
  provider?: string | undefined;
}

/** Receives one event: its validated data and what is known about the message. */
export type EventHandler<TData, TEvent extends string = string> = (data: TData, meta: MessageMeta<TEvent>) => void;

/** One handler per event name, for subscribing to several events of a channel at once. */
export type EventHandlers<TRef extends ChannelRef> = {
  [E in EventName<TRef>]?: EventHandler<EventData<TRef, E>, E>;
};

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Called when continuity on this channel was lost and messages may have been missed. */
  onGap?: (gap: GapInfo) => void;
  /** Called when a message on this channel could not be delivered (malformed, invalid). */
  onError?: (error: RealtimeError) => void;
  /**
   * Replay on attach, marked `meta.recovered`: the last `n` messages, or `{ since }` every message
   * after a history number. With the subscriber's `history` option it works on every provider (from
   * the history store); without it only a count, and only where the provider keeps history (Ably);
   * elsewhere `ready` rejects with UNSUPPORTED. Applies to the first subscription of a channel.
   */
  rewind?: Rewind;
}

/** One subscription; settle `ready` to know the provider accepted it. */
export interface Subscription {
  /** Logical channel name. */
  readonly channel: string;
  /**
   * Settles when the provider confirmed (resolves) or refused (rejects) the subscription, and
   * rejects with TIMEOUT when neither happened within `connectTimeoutMs` (the provider cannot be
   * reached): the subscription stays active, the connection keeps retrying and handlers receive
   * messages once it is confirmed; follow it with `onStateChange`.
   */
  readonly ready: Promise<void>;
  /**
   * Like `ready` but with no connect timeout: settles only when the provider confirmed (resolves)
   * or refused (rejects). After `ready` rejected with TIMEOUT, this still tells when the
   * subscription went live (what the framework bindings follow).
   */
  readonly confirmed: Promise<void>;
  /** Stops delivery to this subscription's handlers. Safe to call twice. */
  unsubscribe(): void;
}

/** Presence on one channel, as seen by this subscriber. */
export interface PresenceChannel<TData = unknown> {
  /** Enters presence with this connection, validating `data` against the channel's presence schema. */
  enter(data?: TData): Promise<void>;
  /** Replaces this connection's presence data. */
  update(data: TData): Promise<void>;
  /** Leaves presence with this connection. */
  leave(): Promise<void>;
  /** Everyone present, one entry per user. */
  members(): Promise<PresenceMember<TData>[]>;
  /** join / leave / update events; returns the function that stops listening. */
  onChange(listener: (event: PresenceEvent<TData>) => void): () => void;
}

/** Where an error reported to {@link RealtimeSubscriber.onError} happened. */
export interface ErrorContext {
  /** Logical channel name, when the error concerns one. */
  channel?: string;
  /** Event name, when the error concerns one message. */
  event?: string;
}

/** Receives events in a browser, React Native or Node. Create with {@link createSubscriber}. */
export interface RealtimeSubscriber {
  /** Subscribes one handler to one event of a channel. Connects on the first subscribe. */
  subscribe<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    channel: TRef,
    event: TEvent,
    handler: EventHandler<EventData<TRef, TEvent>, TEvent>,
    options?: SubscribeOptions,
  ): Subscription;
  /** Subscribes handlers to several events of a channel with one provider subscription. */
  subscribe<TRef extends ChannelRef>(channel: TRef, handlers: EventHandlers<TRef>, options?: SubscribeOptions): Subscription;
  /** Presence on a channel; fails with UNSUPPORTED where the provider has none. */
  presence<TRef extends ChannelRef>(channel: TRef): PresenceChannel<PresenceDataOf<TRef>>;
  /** Current connection state. */
  readonly state: ConnectionState;
  /** The provider's id of this connection; pass it as `excludeConnectionId` to publish "to others". */
  readonly connectionId: string | undefined;
  /** Listens to connection state changes; returns the function that stops listening. */
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** Listens to errors no call could throw (malformed or invalid messages, revoked channels); returns the function that stops listening. */
  onError(listener: (error: RealtimeError, context: ErrorContext) => void): () => void;
  /** Listens to lost continuity on any channel; refetch what the gap may have hidden. Returns the function that stops listening. */
  onGap(listener: (gap: GapInfo) => void): () => void;
  /**
   * Loads the adapter if needed and reports its provider, capabilities and limits. It resolves
   * with the loaded transport itself, which free functions such as `whisper` read their optional
   * parts from.
   */
  describe(): Promise<AdapterDescription>;
  /** Closes the connection. Safe to call twice. */
  close(): Promise<void>;
}

/** Options every subscriber accepts, whatever the provider. */
export interface SubscriberCoreOptions {
  /**
   * How long `subscription.ready` waits for the provider to confirm a subscription (connecting
   * included) before it rejects with TIMEOUT. The subscription is not cancelled: the connection
   * keeps retrying and messages are delivered once it is confirmed. `Infinity` waits forever.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * Where payloads are validated against the channel's schemas: this subscriber checks each
   * received message under `'both'` and `'receive'` (once per message, whatever the number of
   * handlers), and hands the data over unchecked under `'publish'` and `false`. See
   * {@link ValidationPolicy}.
   * @default 'both'
   */
  validate?: ValidationPolicy | boolean;
  /**
   * How many recent message ids each channel remembers at least to drop duplicates (it holds
   * between this many and twice as many).
   * @default 1000
   */
  dedupeWindow?: number;
  /**
   * A user leaves this long after their last connection did, so a reload is not a leave.
   * @default 2000
   */
  presenceGraceMs?: number;
  /**
   * Largest presence data (and server profile) of one member, in bytes of JSON. Larger members
   * that arrive are dropped and reported (PAYLOAD_TOO_LARGE); `enter`/`update` refuse larger data.
   * @default 8192
   */
  maxPresenceDataBytes?: number;
  /**
   * Catch-up from the history store through the auth endpoint
   * (`createHistoryClient({ authEndpoint })`): missed messages are read back and delivered in
   * order, marked recovered, after reconnects and skipped numbers, and `rewind` works on every
   * provider. Loaded only when given. See docs/history.md.
   * @default undefined (gaps are reported; rewind only where the provider keeps history)
   */
  history?: SubscriberHistory;
}
