/**
 * The one subscription `useEvent` and `useChannel` hold, through core's channel binding: it
 * resubscribes when the channel's name, the event names, `enabled` or the subscriber change, and
 * never for new handlers. Core's subscriber shares one provider attachment per channel.
 */
import {
  bindChannel,
  type ChannelListenerOptions,
  type ChannelRef,
  type ChannelSubscriptionState,
  type MessageMeta,
} from '@switchboard/core/client';
import { type Readable, writable } from 'svelte/store';
import { type MaybeReactive, toReadable } from './reactive-input.js';
import { whileMounted } from './while-mounted.js';

/** Options of {@link useEvent} and {@link useChannel}. */
export interface ChannelBindingOptions extends ChannelListenerOptions {
  /**
   * Subscribe only while true (a store or getter is followed); `false` releases the subscription.
   * @default true
   */
  enabled?: MaybeReactive<boolean>;
}

/** Subscribes while mounted; an `event` of undefined means every event of the channel. */
export function useChannelSubscription(
  channel: MaybeReactive<ChannelRef | null | undefined>,
  event: MaybeReactive<string | undefined>,
  dispatch: (event: string, data: unknown, meta: MessageMeta) => void,
  options: ChannelBindingOptions,
): Readable<ChannelSubscriptionState> {
  const state = writable<ChannelSubscriptionState>({ status: 'idle', error: undefined });
  const bind = bindChannel(dispatch, () => options, state.set);
  whileMounted([toReadable(channel), toReadable(options.enabled ?? true), toReadable(event)], (subscriber, ref, enabled, name) =>
    bind(subscriber, enabled ? ref : null, name === undefined ? undefined : [name]),
  );
  return { subscribe: state.subscribe };
}
