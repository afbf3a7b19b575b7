/**
 * One component's listener on a channel, for framework bindings (`@switchboard/vue`,
 * `@switchboard/svelte`): subscribes with one handler per event, reports where the subscription
 * stands, and releases it a microtask after it is stopped so a re-subscription made in the same
 * tick (new params, another event) joins the attachment instead of detaching and re-attaching.
 */
import type { ChannelRef } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { MessageMeta, RealtimeSubscriber, SubscribeOptions, Subscription } from '../subscriber.js';
import type { GapInfo } from '../transport.js';

/** Options of a framework binding's channel subscription (`useEvent`, `useChannel`). */
export interface ChannelListenerOptions {
  /**
   * Called when a message on this channel could not be delivered (malformed, failed validation).
   * Without it, the subscriber's `onError` listeners (or a console warning) hear about it.
   * @default undefined
   */
  onError?: (error: RealtimeError) => void;
  /**
   * Called when continuity was lost and messages may have been missed: refetch what you show.
   * @default undefined
   */
  onGap?: (gap: GapInfo) => void;
  /**
   * Ask for up to this many recent messages when the channel is first attached, where the provider
   * keeps history.
   * @default undefined
   */
  rewind?: number;
}

/** Where a binding's subscription stands. */
export interface ChannelSubscriptionState {
  /**
   * `idle` while disabled, without a channel or before the client mounted; `pending` until the
   * provider confirmed; `subscribed`; or `error` when it was refused.
   */
  status: 'idle' | 'pending' | 'subscribed' | 'error';
  /** Why the subscription was refused (FORBIDDEN, UNAUTHORIZED…). */
  error: RealtimeError | undefined;
}

/** What {@link listenToChannel} needs; every callback is read when it is called, so it may change. */
export interface ChannelListener {
  /** Called for every message of the listened events. */
  dispatch(event: string, data: unknown, meta: MessageMeta): void;
  /** The latest options (handlers are looked up on each call; `rewind` is read once). */
  options(): ChannelListenerOptions;
  /** Called once the provider confirmed (`undefined`) or refused (the error) the subscription. */
  settle(error: RealtimeError | undefined): void;
}

/** Any thrown value as a {@link RealtimeError}. */
export const toRealtimeError = (error: unknown, code: 'PROVIDER_UNAVAILABLE' | 'UNSUPPORTED' = 'PROVIDER_UNAVAILABLE'): RealtimeError =>
  RealtimeError.isInstance(error)
    ? error
    : new RealtimeError(code, error instanceof Error ? error.message : String(error), { cause: error });

/**
 * Subscribes `listener` to `events` of `channel` (every event of its definition when `undefined`).
 * Returns the stop function: after it, nothing reaches the listener, and the subscription is
 * released one microtask later.
 */
export function listenToChannel(
  subscriber: RealtimeSubscriber,
  channel: ChannelRef,
  events: readonly string[] | undefined,
  listener: ChannelListener,
): () => void {
  let active = true;
  const { onError, rewind } = listener.options();
  const subscribeOptions: SubscribeOptions = {
    onGap: (gap) => active && listener.options().onGap?.(gap),
    ...(onError ? { onError: (error: RealtimeError) => active && listener.options().onError?.(error) } : {}),
    ...(rewind !== undefined ? { rewind } : {}),
  };
  const names = events ?? Object.keys(channel.definition.events);
  const handlers = Object.fromEntries(
    names.map((name) => [name, (data: unknown, meta: MessageMeta) => active && listener.dispatch(name, data, meta)]),
  );
  let subscription: Subscription;
  try {
    subscription = subscriber.subscribe(channel, handlers, subscribeOptions);
  } catch (error) {
    listener.settle(toRealtimeError(error));
    return () => {
      active = false;
    };
  }
  subscription.ready.then(
    () => active && listener.settle(undefined),
    (error) => active && listener.settle(toRealtimeError(error)),
  );
  return () => {
    if (!active) return;
    active = false;
    queueMicrotask(() => subscription.unsubscribe());
  };
}
