/**
 * A component's subscription to one channel, for framework bindings (`@switchboard/vue`,
 * `@switchboard/svelte`): the binding calls it with its latest inputs whenever they may have
 * changed; it resubscribes only when the subscriber, the channel's name or the event names did,
 * and releases the old subscription a microtask later, so the new one joins the attachment instead
 * of detaching and re-attaching. Answers for inputs no longer current are dropped.
 */
import type { ChannelRef } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { MessageMeta, RealtimeSubscriber, SubscribeOptions } from '../subscriber.js';
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

/**
 * Updates a {@link bindChannel} binding: pass no subscriber or no channel to release it. `events`
 * undefined means every event of the channel's definition.
 */
export type ChannelBinding = (subscriber?: RealtimeSubscriber, channel?: ChannelRef | null, events?: readonly string[]) => void;

/** Any thrown value as a {@link RealtimeError}. */
export const toRealtimeError = (error: unknown): RealtimeError =>
  RealtimeError.isInstance(error) ? error : new RealtimeError('PROVIDER_UNAVAILABLE', String(error), { cause: error });

/**
 * A channel binding that calls `dispatch` for each message and `onState` when the subscription's
 * state changes. `options` is read when needed, so it may change.
 */
export function bindChannel(
  dispatch: (event: string, data: unknown, meta: MessageMeta) => void,
  options: () => ChannelListenerOptions,
  onState: (state: ChannelSubscriptionState) => void,
): ChannelBinding {
  let key: unknown[] = [];
  let stop = () => {};
  return (subscriber, channel, events) => {
    const next = [subscriber, channel?.name, events?.join('\n')];
    if (next.every((item, index) => item === key[index])) return;
    key = next;
    stop();
    stop = () => {};
    if (!subscriber || !channel) return onState({ status: 'idle', error: undefined });
    let active = true;
    const settle = (error?: unknown) =>
      active && onState(error ? { status: 'error', error: toRealtimeError(error) } : { status: 'subscribed', error: undefined });
    const { onError, rewind } = options();
    const subscribeOptions: SubscribeOptions = {
      onGap: (gap) => active && options().onGap?.(gap),
      // Only when given: otherwise the subscriber's own onError listeners hear about bad messages.
      ...(onError && { onError: (error: RealtimeError) => active && options().onError?.(error) }),
      ...(rewind !== undefined && { rewind }),
    };
    const handlers: Record<string, (data: unknown, meta: MessageMeta) => void> = {};
    for (const name of events ?? Object.keys(channel.definition.events)) {
      handlers[name] = (data, meta) => active && dispatch(name, data, meta);
    }
    onState({ status: 'pending', error: undefined });
    try {
      const subscription = subscriber.subscribe(channel, handlers, subscribeOptions);
      subscription.ready.then(() => settle(), settle);
      stop = () => {
        active = false;
        queueMicrotask(() => subscription.unsubscribe());
      };
    } catch (error) {
      settle(error);
      active = false;
    }
  };
}
