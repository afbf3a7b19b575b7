import { type ChannelRef, type GapInfo, type MessageMeta, RealtimeError, type SubscribeOptions } from '@switchboard/core/client';
import { useEffect, useState } from 'react';
import { useSubscriber } from './realtime-provider.js';
import { useLatest } from './use-latest.js';

/** Options shared by {@link useEvent} and {@link useChannel}. */
export interface ChannelHookOptions {
  /**
   * Subscribe only while true; `false` releases the subscription.
   * @default true
   */
  enabled?: boolean;
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

/** Where a hook's subscription stands. */
export interface ChannelSubscriptionState {
  /**
   * `idle` while disabled, without a channel or before the client mounted; `pending` until the
   * provider confirmed; `subscribed`; or `error` when it was refused.
   */
  status: 'idle' | 'pending' | 'subscribed' | 'error';
  /** Why the subscription was refused (FORBIDDEN, UNAUTHORIZED, INVALID_EVENT…). */
  error: RealtimeError | undefined;
}

type Dispatch = (event: string, data: unknown, meta: MessageMeta) => void;

interface Settled {
  key: string;
  subscriber: object;
  error: RealtimeError | undefined;
}

const toRealtimeError = (error: unknown): RealtimeError =>
  RealtimeError.isInstance(error)
    ? error
    : new RealtimeError('PROVIDER_UNAVAILABLE', error instanceof Error ? error.message : String(error), { cause: error });

/**
 * The one subscription a hook holds. Core's subscriber already shares one provider attachment per
 * channel among all its listeners and detaches after the last one, so each hook adds one listener.
 */
export function useChannelSubscription(
  channel: ChannelRef | null | undefined,
  events: readonly string[] | undefined,
  dispatch: Dispatch,
  options: ChannelHookOptions,
): ChannelSubscriptionState {
  const subscriber = useSubscriber();
  const enabled = (options.enabled ?? true) && channel != null;
  const latestDispatch = useLatest(dispatch);
  const latestOptions = useLatest(options);
  const [settled, setSettled] = useState<Settled>();
  const eventKey = events ? events.join('\n') : '*';
  const key = `${channel?.name}\n${eventKey}`;

  useEffect(() => {
    if (!subscriber || !enabled || !channel) return;
    let active = true;
    const settle = (error: RealtimeError | undefined) => {
      if (active) setSettled({ key, subscriber, error });
    };
    const { onError, rewind } = latestOptions.current;
    const subscribeOptions: SubscribeOptions = {
      onGap: (gap) => active && latestOptions.current.onGap?.(gap),
      ...(onError ? { onError: (error: RealtimeError) => active && latestOptions.current.onError?.(error) } : {}),
      ...(rewind !== undefined ? { rewind } : {}),
    };
    const names = eventKey === '*' ? Object.keys(channel.definition.events) : eventKey.split('\n');
    // One handler per event; each calls through the ref, so new handlers never resubscribe.
    const handlers = Object.fromEntries(
      names.map((name) => [name, (data: unknown, meta: MessageMeta) => active && latestDispatch.current(name, data, meta)]),
    );
    let subscription: ReturnType<typeof subscriber.subscribe>;
    try {
      subscription = subscriber.subscribe(channel, handlers, subscribeOptions);
    } catch (error) {
      settle(toRealtimeError(error));
      return () => {
        active = false;
      };
    }
    subscription.ready.then(
      () => settle(undefined),
      (error) => {
        settle(toRealtimeError(error));
        // After a connect TIMEOUT the subscription keeps retrying: the status follows it when it
        // goes live (or is refused) later.
        if (RealtimeError.isInstance(error) && error.code === 'TIMEOUT')
          subscription.confirmed.then(
            () => settle(undefined),
            (refusal) => settle(toRealtimeError(refusal)),
          );
      },
    );
    return () => {
      active = false;
      // Released a microtask later: a re-subscription made in the same commit (new params, new
      // event, StrictMode's second mount) joins the attachment before this one lets it go, so the
      // channel is never detached and re-attached in between and no message falls in the gap.
      queueMicrotask(() => subscription.unsubscribe());
    };
  }, [subscriber, enabled, channel?.definition, key, eventKey]);

  if (!subscriber || !enabled) return { status: 'idle', error: undefined };
  if (!settled || settled.key !== key || settled.subscriber !== subscriber) return { status: 'pending', error: undefined };
  return settled.error ? { status: 'error', error: settled.error } : { status: 'subscribed', error: undefined };
}
