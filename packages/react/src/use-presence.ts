import {
  type ChannelRef,
  holdPresence,
  type PresenceDataOf,
  type PresenceEvent,
  type PresenceHolder,
  type PresenceMember,
  presenceDataChanged,
  RealtimeError,
} from '@switchboard/core/client';
import { useEffect, useRef, useState } from 'react';
import { useSubscriber } from './realtime-provider.js';
import type { ChannelSubscriptionState } from './use-channel-subscription.js';
import { useLatest } from './use-latest.js';

/** Options of {@link usePresence}. */
export interface UsePresenceOptions<TData> {
  /**
   * Enter presence with this data while the component is mounted, and update it when it changes
   * (compared as JSON). Leave it out to watch the channel without being present.
   * @default undefined
   */
  data?: TData;
  /**
   * Watch (and be present) only while true.
   * @default true
   */
  enabled?: boolean;
  /**
   * The signed-in user's id, to pick `self` out of `members`.
   * @default undefined
   */
  userId?: string;
  /**
   * Called for every join, update and leave.
   * @default undefined
   */
  onChange?: (event: PresenceEvent<TData>) => void;
}

export interface PresenceState<TData> extends ChannelSubscriptionState {
  /** Everyone present, one entry per user however many tabs they have open. */
  members: PresenceMember<TData>[];
  /** This user's entry in `members`, when `userId` was given and they are present. */
  self: PresenceMember<TData> | undefined;
  /** The latest join, update or leave. */
  lastEvent: PresenceEvent<TData> | undefined;
}

interface Snapshot {
  key: string;
  subscriber: object;
  members: PresenceMember[] | undefined;
  lastEvent: PresenceEvent | undefined;
  error: RealtimeError | undefined;
}

const toRealtimeError = (error: unknown): RealtimeError =>
  RealtimeError.isInstance(error) ? error : new RealtimeError('UNSUPPORTED', String(error), { cause: error });

/**
 * Who is on a presence channel, kept current; with `data`, this user is present too.
 *
 * @example
 * const { members, lastEvent } = usePresence(room({ roomId }), { data: { name }, userId });
 */
export function usePresence<TRef extends ChannelRef>(
  channel: TRef | null | undefined,
  options: UsePresenceOptions<PresenceDataOf<TRef>> = {},
): PresenceState<PresenceDataOf<TRef>> {
  const subscriber = useSubscriber();
  const enabled = (options.enabled ?? true) && channel != null;
  const key = channel?.name ?? '';
  const latestOptions = useLatest(options);
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const present = options.data !== undefined;
  const dataKey = present ? JSON.stringify(options.data) : undefined;
  const holderRef = useRef<PresenceHolder>(undefined);

  useEffect(() => {
    if (!subscriber || !enabled || !channel) return;
    let active = true;
    let events = 0;
    const update = (change: Partial<Snapshot>) => {
      if (!active) return;
      setSnapshot((previous) => {
        const base = previous?.key === key && previous.subscriber === subscriber ? previous : undefined;
        return { key, subscriber, members: base?.members, lastEvent: base?.lastEvent, error: base?.error, ...change };
      });
    };
    let presence: ReturnType<typeof subscriber.presence>;
    try {
      if (channel.definition.access !== 'presence') {
        throw new RealtimeError(
          'INVALID_CHANNEL',
          `usePresence: "${channel.name}" is not a presence channel (access: ${channel.definition.access})`,
        );
      }
      presence = subscriber.presence(channel);
    } catch (error) {
      update({ error: toRealtimeError(error) });
      return () => {
        active = false;
      };
    }
    const stop = presence.onChange((event) => {
      events += 1;
      update({ members: event.members, lastEvent: event });
      latestOptions.current.onChange?.(event as PresenceEvent<PresenceDataOf<TRef>>);
    });
    const asked = events;
    presence.members().then(
      // An event that arrived meanwhile carries a list at least as new as this one.
      (members) => update(events === asked ? { members } : {}),
      (error) => update({ error: toRealtimeError(error) }),
    );
    return () => {
      active = false;
      // Released a microtask later so a re-subscription in the same commit keeps the channel.
      queueMicrotask(stop);
    };
  }, [subscriber, enabled, key, channel?.definition]);

  useEffect(() => {
    if (!subscriber || !enabled || !channel || !present) return;
    const holder: PresenceHolder = {
      data: latestOptions.current.data,
      onError: (error) => {
        setSnapshot((previous) => ({
          key,
          subscriber,
          members: previous?.members,
          lastEvent: previous?.lastEvent,
          error: toRealtimeError(error),
        }));
      },
    };
    holderRef.current = holder;
    return holdPresence(subscriber, channel, holder);
  }, [subscriber, enabled, key, channel?.definition, present]);

  useEffect(() => {
    const holder = holderRef.current;
    if (!subscriber || !channel || !holder || dataKey === undefined) return;
    holder.data = latestOptions.current.data;
    presenceDataChanged(subscriber, channel);
  }, [dataKey]);

  const current = enabled && subscriber && snapshot?.key === key && snapshot.subscriber === subscriber ? snapshot : undefined;
  const members = (current?.members ?? []) as PresenceMember<PresenceDataOf<TRef>>[];
  const status: PresenceState<unknown>['status'] =
    !subscriber || !enabled ? 'idle' : current?.error ? 'error' : current?.members ? 'subscribed' : 'pending';
  return {
    status,
    error: current?.error,
    members,
    self: options.userId === undefined ? undefined : members.find((member) => member.userId === options.userId),
    lastEvent: current?.lastEvent as PresenceEvent<PresenceDataOf<TRef>> | undefined,
  };
}
