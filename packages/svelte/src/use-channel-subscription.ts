/**
 * The one subscription `useEvent` and `useChannel` hold: resubscribes when the channel's name,
 * the event names, `enabled` or the subscriber change, and never for new handlers. Core's subscriber
 * shares one provider attachment per channel among all its listeners.
 */
import {
  type ChannelListenerOptions,
  type ChannelRef,
  type ChannelSubscriptionState,
  listenToChannel,
  type MessageMeta,
} from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { followWhileMounted } from './mounted-subscription.js';
import { type MaybeReactive, toReadable } from './reactive-input.js';
import { getSwitchboard } from './switchboard-context.js';

/** Options of {@link useEvent} and {@link useChannel}. */
export interface ChannelBindingOptions extends ChannelListenerOptions {
  /**
   * Subscribe only while true (a store or getter is followed); `false` releases the subscription.
   * @default true
   */
  enabled?: MaybeReactive<boolean>;
}

const IDLE: ChannelSubscriptionState = { status: 'idle', error: undefined };
const PENDING: ChannelSubscriptionState = { status: 'pending', error: undefined };
const SUBSCRIBED: ChannelSubscriptionState = { status: 'subscribed', error: undefined };

/** Subscribes while mounted; `events` undefined means every event of the channel's definition. */
export function useChannelSubscription(
  channel: MaybeReactive<ChannelRef | null | undefined>,
  events: Readable<readonly string[] | undefined>,
  dispatch: (event: string, data: unknown, meta: MessageMeta) => void,
  options: ChannelBindingOptions,
): Readable<ChannelSubscriptionState> {
  const context = getSwitchboard();
  const state = writable(IDLE);
  followWhileMounted(
    context,
    [context.subscriber, toReadable(channel), toReadable(options.enabled ?? true), events],
    ([subscriber, ref, enabled, names]) => {
      const target = enabled && subscriber ? ref : undefined;
      return [subscriber, target?.name, target?.definition, names?.join('\n')];
    },
    ([subscriber, ref, enabled, names]) => {
      if (!subscriber || !ref || !enabled) {
        state.set(IDLE);
        return undefined;
      }
      state.set(PENDING);
      return listenToChannel(subscriber, ref, names, {
        dispatch,
        options: () => options,
        settle: (error) => state.set(error ? { status: 'error', error } : SUBSCRIBED),
      });
    },
  );
  return { subscribe: state.subscribe };
}
